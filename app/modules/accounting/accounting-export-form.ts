import { z } from "zod";
import { calendarDate } from "../../lib/form-fields";

/** A year and a day: a whole tax year in one file, however the dates fall (decision 029). */
export const MAX_EXPORT_DAYS = 366;

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);

/** Admin → Accounts: the first and last shop day of the export, both included. */
export const AccountingPeriodSchema = z
  .object({
    from: calendarDate("Enter the first day, like 2026-11-01"),
    to: calendarDate("Enter the last day, like 2026-11-30"),
  })
  .refine((period) => period.to >= period.from, {
    path: ["to"],
    message: "The last day must be on or after the first",
  })
  .refine((period) => daysBetween(period.from, period.to) < MAX_EXPORT_DAYS, {
    path: ["to"],
    message: `Choose at most ${MAX_EXPORT_DAYS} days; export a longer stretch in parts`,
  });

export type AccountingPeriod = z.output<typeof AccountingPeriodSchema>;
