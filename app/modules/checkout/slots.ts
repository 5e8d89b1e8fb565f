// With its extension: the seed scripts (plain Node) import this module too.
import { COLLECTION_RULES, DELIVERY_RULES, SHOP_TIME_ZONE } from "../../lib/constants.ts";

export type Slot = { date: string; time: string; label: string };

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

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const dayLabel = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });

function bakeDaysOpenAt(now: Date): string[] {
  const nowLocal = shopLocalDateTime(now);
  const today = nowLocal.slice(0, 10);
  const days: string[] = [];
  for (let offset = 1; offset <= COLLECTION_RULES.daysAhead; offset++) {
    const date = addDays(today, offset);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (!(COLLECTION_RULES.bakeDays as readonly number[]).includes(weekday)) continue;
    const cutoff = `${addDays(date, -1)}T${String(COLLECTION_RULES.cutoffHour).padStart(2, "0")}:00`;
    if (nowLocal < cutoff) days.push(date);
  }
  return days;
}

/** Collection windows on bake days in the next 14 days whose cut-off (18:00 the day before) is still ahead. */
export function collectionSlots(now: Date): Slot[] {
  return bakeDaysOpenAt(now).flatMap((date) =>
    COLLECTION_RULES.windows.map((time) => {
      const end = `${String(Number(time.slice(0, 2)) + COLLECTION_RULES.windowHours).padStart(2, "0")}:${time.slice(3)}`;
      return { date, time, label: `${dayLabel.format(new Date(`${date}T12:00:00Z`))}, ${time}–${end}` };
    }),
  );
}

export function deliveryDays(now: Date): Slot[] {
  return bakeDaysOpenAt(now).map((date) => ({
    date,
    time: "delivery",
    label: `${dayLabel.format(new Date(`${date}T12:00:00Z`))}, ${DELIVERY_RULES.window}`,
  }));
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

export function slotCapacity(time: string): number {
  return time === "delivery" ? DELIVERY_RULES.ordersPerDay : COLLECTION_RULES.ordersPerWindow;
}
