import { describe, expect, it } from "vitest";
import {
  collectionSlots,
  deliversTo,
  deliveryDays,
  postcodeDistrict,
  shopDayStartsAt,
  shopLocalDateTime,
  slotCapacity,
} from "../../app/modules/checkout/slots";
import { SEED_CALENDAR } from "../fixtures/seed-calendar";

describe("collection slots", () => {
  // Sunday 22 November 2026, 10:00 in London (GMT).
  const sundayMorning = new Date("2026-11-22T10:00:00Z");

  it("offers bake days (Tue–Sat) in the next 14 days, four windows each", () => {
    const slots = collectionSlots(sundayMorning, SEED_CALENDAR);
    const days = [...new Set(slots.map((s) => s.date))];
    expect(days[0]).toBe("2026-11-24"); // Monday is not a bake day
    expect(days).not.toContain("2026-11-29"); // Sunday
    expect(days.every((d) => d <= "2026-12-06")).toBe(true);
    expect(days).toHaveLength(10);
    expect(slots.filter((s) => s.date === "2026-11-24").map((s) => s.time)).toEqual([
      "08:00",
      "10:00",
      "12:00",
      "14:00",
    ]);
    expect(slots[0]?.label).toBe("Tuesday 24 November, 08:00–10:00");
  });

  it("closes a day at 18:00 shop time the evening before", () => {
    const mondayBefore = new Date("2026-11-23T17:59:00Z");
    const mondayAfter = new Date("2026-11-23T18:00:00Z");
    expect(collectionSlots(mondayBefore, SEED_CALENDAR)[0]?.date).toBe("2026-11-24");
    expect(collectionSlots(mondayAfter, SEED_CALENDAR)[0]?.date).toBe("2026-11-25");
  });

  it("uses London time across the clock change", () => {
    // 17:30 UTC on 30 June is 18:30 in London (BST): Wednesday's slots have closed.
    expect(shopLocalDateTime(new Date("2026-06-30T17:30:00Z"))).toBe("2026-06-30T18:30");
    expect(collectionSlots(new Date("2026-06-30T17:30:00Z"), SEED_CALENDAR)[0]?.date).toBe("2026-07-02");
  });

  it("follows the calendar: a closure, a weekday shut, a window added, a longer horizon", () => {
    const calendar = {
      weekdays: SEED_CALENDAR.weekdays.map((day) => (day.weekday === 3 ? { ...day, open: false } : day)),
      windows: [...SEED_CALENDAR.windows, { startsAt: "16:00", endsAt: "17:30", capacity: 4 }],
      closures: { "2026-11-27": "Staff training" },
    };
    const slots = collectionSlots(sundayMorning, calendar, 21);
    const days = [...new Set(slots.map((slot) => slot.date))];
    expect(days).not.toContain("2026-11-25"); // Wednesdays shut
    expect(days).not.toContain("2026-11-27"); // the closure
    expect(days.at(-1)).toBe("2026-12-12"); // three weeks ahead
    expect(slots.find((slot) => slot.time === "16:00")?.label).toBe("Tuesday 24 November, 16:00–17:30");
    expect(slotCapacity(calendar, { date: "2026-11-24", time: "16:00" })).toBe(4);
    expect(slotCapacity(calendar, { date: "2026-11-24", time: "delivery" })).toBe(12);
  });

  it("offers no delivery on a day that takes none", () => {
    const noSaturdayDeliveries = {
      ...SEED_CALENDAR,
      weekdays: SEED_CALENDAR.weekdays.map((day) => (day.weekday === 6 ? { ...day, deliveryCapacity: 0 } : day)),
    };
    const dates = deliveryDays(sundayMorning, noSaturdayDeliveries).map((slot) => slot.date);
    expect(dates).toContain("2026-11-27");
    expect(dates).not.toContain("2026-11-28");
  });

  it("offers delivery on the same days", () => {
    expect(deliveryDays(sundayMorning, SEED_CALENDAR)[0]).toMatchObject({ date: "2026-11-24", time: "delivery" });
  });
});

describe("delivery postcodes", () => {
  it("finds the district of a UK postcode", () => {
    expect(postcodeDistrict("bs6 5ab")).toBe("BS6");
    expect(postcodeDistrict("BS16 1QY")).toBe("BS16");
    expect(postcodeDistrict("not a postcode")).toBeNull();
  });

  it("delivers only to the listed districts", () => {
    expect(deliversTo("BS6 5AB")).toBe(true);
    expect(deliversTo("BS16 1QY")).toBe(false);
    expect(deliversTo("SW1A 1AA")).toBe(false);
  });
});

describe("shopDayStartsAt", () => {
  it("is midnight in London: GMT in winter, BST (UTC+1) in summer, across the clock changes", () => {
    expect(shopDayStartsAt("2026-12-02")).toBe("2026-12-02T00:00:00.000Z");
    expect(shopDayStartsAt("2026-07-01")).toBe("2026-06-30T23:00:00.000Z");
    // The clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October.
    expect(shopDayStartsAt("2026-03-29")).toBe("2026-03-29T00:00:00.000Z");
    expect(shopDayStartsAt("2026-03-30")).toBe("2026-03-29T23:00:00.000Z");
    expect(shopDayStartsAt("2026-10-25")).toBe("2026-10-24T23:00:00.000Z");
    expect(shopDayStartsAt("2026-10-26")).toBe("2026-10-26T00:00:00.000Z");
  });
});
