import { describe, expect, it } from "vitest";
import {
  collectionSlots,
  deliversTo,
  deliveryDays,
  postcodeDistrict,
  shopLocalDateTime,
} from "../../app/modules/checkout/slots";

describe("collection slots", () => {
  // Sunday 22 November 2026, 10:00 in London (GMT).
  const sundayMorning = new Date("2026-11-22T10:00:00Z");

  it("offers bake days (Tue–Sat) in the next 14 days, four windows each", () => {
    const slots = collectionSlots(sundayMorning);
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
    expect(collectionSlots(mondayBefore)[0]?.date).toBe("2026-11-24");
    expect(collectionSlots(mondayAfter)[0]?.date).toBe("2026-11-25");
  });

  it("uses London time across the clock change", () => {
    // 17:30 UTC on 30 June is 18:30 in London (BST): Wednesday's slots have closed.
    expect(shopLocalDateTime(new Date("2026-06-30T17:30:00Z"))).toBe("2026-06-30T18:30");
    expect(collectionSlots(new Date("2026-06-30T17:30:00Z"))[0]?.date).toBe("2026-07-02");
  });

  it("offers delivery on the same days", () => {
    expect(deliveryDays(sundayMorning)[0]).toMatchObject({ date: "2026-11-24", time: "delivery" });
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
