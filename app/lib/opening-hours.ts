import type { ShopCalendar } from "../modules/checkout/slots";

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** "Tuesday to Saturday, 08:00–16:00": the open days and collection windows, in words, from the calendar. */
export function openingHours(calendar: ShopCalendar): string {
  // Monday first, as a week reads.
  const days = calendar.weekdays
    .filter((day) => day.open)
    .map((day) => day.weekday)
    .sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  if (days.length === 0) return "by arrangement";
  const order = (day: number) => (day + 6) % 7;
  const consecutive = days.every((day, i) => i === 0 || order(day) === order(days[i - 1] ?? -2) + 1);
  const first = DAY_NAMES[days[0] ?? 0];
  const last = DAY_NAMES[days.at(-1) ?? 0];
  const dayText = consecutive && days.length > 2 ? `${first} to ${last}` : days.map((d) => DAY_NAMES[d]).join(", ");
  const windows = [...calendar.windows].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const opens = windows[0]?.startsAt;
  const closes = windows
    .map((window) => window.endsAt)
    .sort()
    .at(-1);
  return opens && closes ? `${dayText}, ${opens}–${closes}` : dayText;
}
