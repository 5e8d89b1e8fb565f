import { LOW_STOCK_THRESHOLD } from "../../lib/constants";
import { shortDay } from "../../lib/shop-dates";
import type { DayAvailability } from "./availability";

/** The soonest day a product can be ordered for (or will be, when its menu opens), if any soon. */
export type NextBakeDay = Extract<DayAvailability, { status: "available" | "opens-later" }> | null;

/** The first day among `days` (in date order) that is on sale or about to be. */
export function firstOnSale(days: readonly DayAvailability[]): NextBakeDay {
  return (
    days.find((day): day is Exclude<NextBakeDay, null> => day.status === "available" || day.status === "opens-later") ??
    null
  );
}

export type NextDayTone = "on-sale" | "low" | "later" | "none";

/** A card's one line about when it can be had: "Next bake Sat 5 Dec", "3 left for Sat 5 Dec". */
export function nextDayLabel(next: NextBakeDay): { text: string; tone: NextDayTone } {
  if (!next) return { text: "Not on sale soon", tone: "none" };
  if (next.status === "opens-later") {
    return { text: `On sale ${shortDay(next.opensAt.slice(0, 10))}, ${next.opensAt.slice(11, 16)}`, tone: "later" };
  }
  if (next.left <= LOW_STOCK_THRESHOLD) return { text: `${next.left} left for ${shortDay(next.date)}`, tone: "low" };
  return { text: `Next bake ${shortDay(next.date)}`, tone: "on-sale" };
}
