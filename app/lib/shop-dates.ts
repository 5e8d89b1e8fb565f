// No imports: the seed scripts (plain Node) load modules that use this.

/**
 * Shop dates ("2026-12-05") in words, one way everywhere. A date is read at noon UTC and
 * formatted in UTC, so it names the same calendar day wherever the code runs.
 */
const atNoon = (date: string) => new Date(`${date}T12:00:00Z`);

const longFormat = new Intl.DateTimeFormat("en-GB", {
  weekday: "long",
  day: "numeric",
  month: "long",
  timeZone: "UTC",
});
const shortFormat = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});

const fullFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "5 December 2026": for documents kept for years, like VAT receipts. */
export const fullDate = (date: string) => fullFormat.format(atNoon(date));

/** "Saturday 5 December". */
export const longDay = (date: string) => longFormat.format(atNoon(date));

/** "Sat 5 Dec". */
export const shortDay = (date: string) => shortFormat.format(atNoon(date));

/** 0 = Sunday … 6 = Saturday, as the plan's weekday columns count. */
export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
