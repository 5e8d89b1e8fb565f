// With its extension: the seed scripts (plain Node) import this module too.
import { COLLECTION_RULES, DELIVERY_RULES, MAX_NOTICE_MINUTES, SHOP_TIME_ZONE } from "../../lib/constants.ts";
import { longDay } from "../../lib/shop-dates.ts";

export type Slot = { date: string; time: string; label: string };

/**
 * The shop's calendar (decision 017): which weekdays it opens and how many deliveries each can
 * take, its collection windows, and dates it is shut. Stored in D1 (`shop_weekdays`,
 * `collection_windows`, `closures`), edited in the admin, read through `loadShopCalendar`; plain
 * data here so the slot rules stay pure and JSON can cache it.
 */
export type ShopCalendar = {
  weekdays: { weekday: number; open: boolean; deliveryCapacity: number }[];
  windows: { startsAt: string; endsAt: string; capacity: number }[];
  /** Shop date → the reason shoppers see. */
  closures: Record<string, string>;
};

/** How far ahead checkout offers days when nothing in the basket needs more notice. */
export const BASE_SLOT_HORIZON_DAYS = 14;
/**
 * The furthest checkout ever offers: a week past the longest notice a product may ask
 * (MAX_NOTICE_MINUTES, two weeks). A posted day within it is then checked against the plan.
 */
export const MAX_SLOT_HORIZON_DAYS = Math.ceil(MAX_NOTICE_MINUTES / 1440) + 7;

const localParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: SHOP_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** "2026-11-22T18:05" in shop time, so comparisons with cut-offs are plain string comparisons. */
export function shopLocalDateTime(instant: Date): string {
  const parts = Object.fromEntries(localParts.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * The instant a shop day begins (00:00 in the shop's time zone), as an ISO string in UTC, to compare
 * with stored timestamps. London's clocks change at 01:00 UTC, never at midnight, so the day's
 * offset is the one at 00:00 UTC.
 */
export function shopDayStartsAt(date: string): string {
  const guess = new Date(`${date}T00:00:00Z`);
  const offsetMs = new Date(`${shopLocalDateTime(guess)}:00Z`).getTime() - guess.getTime();
  return new Date(guess.getTime() - offsetMs).toISOString();
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const weekdayOfDate = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();

/** Whether the shop opens on a date: an open weekday that is not a closure. */
export function isOpenOn(calendar: ShopCalendar, date: string): boolean {
  if (Object.hasOwn(calendar.closures, date)) return false;
  return calendar.weekdays.some((day) => day.weekday === weekdayOfDate(date) && day.open);
}

/** Open days within the horizon whose base cut-off (18:00 the day before) is still ahead. */
export function openDaysAhead(now: Date, calendar: ShopCalendar, horizonDays: number): string[] {
  const nowLocal = shopLocalDateTime(now);
  const today = nowLocal.slice(0, 10);
  const days: string[] = [];
  for (let offset = 1; offset <= horizonDays; offset++) {
    const date = addDays(today, offset);
    if (!isOpenOn(calendar, date)) continue;
    const cutoff = `${addDays(date, -1)}T${String(COLLECTION_RULES.cutoffHour).padStart(2, "0")}:00`;
    if (nowLocal < cutoff) days.push(date);
  }
  return days;
}

/** Every collection window on the open days ahead (a product's own notice is the plan's to say). */
export function collectionSlots(now: Date, calendar: ShopCalendar, horizonDays = BASE_SLOT_HORIZON_DAYS): Slot[] {
  const windows = [...calendar.windows].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return openDaysAhead(now, calendar, horizonDays).flatMap((date) =>
    windows.map((window) => ({
      date,
      time: window.startsAt,
      label: `${longDay(date)}, ${window.startsAt}–${window.endsAt}`,
    })),
  );
}

/** Delivery on the open days ahead that take deliveries. */
export function deliveryDays(now: Date, calendar: ShopCalendar, horizonDays = BASE_SLOT_HORIZON_DAYS): Slot[] {
  return openDaysAhead(now, calendar, horizonDays)
    .filter((date) => deliveryCapacityOn(calendar, date) > 0)
    .map((date) => ({
      date,
      time: "delivery",
      label: `${longDay(date)}, ${DELIVERY_RULES.window}`,
    }));
}

function deliveryCapacityOn(calendar: ShopCalendar, date: string): number {
  return calendar.weekdays.find((day) => day.weekday === weekdayOfDate(date))?.deliveryCapacity ?? 0;
}

/** How many orders a slot takes: its window's capacity, or the weekday's deliveries. */
export function slotCapacity(calendar: ShopCalendar, slot: { date: string; time: string }): number {
  if (slot.time === "delivery") return deliveryCapacityOn(calendar, slot.date);
  return calendar.windows.find((window) => window.startsAt === slot.time)?.capacity ?? 0;
}

/** "BS6 5AB" → "BS6"; null when it is not a UK postcode shape. */
export function postcodeDistrict(postcode: string): string | null {
  const match = postcode
    .toUpperCase()
    .replace(/\s+/g, "")
    .match(/^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/);
  return match?.[1] ?? null;
}

export function deliversTo(postcode: string): boolean {
  const district = postcodeDistrict(postcode);
  return district !== null && (DELIVERY_RULES.postcodeDistricts as readonly string[]).includes(district);
}
