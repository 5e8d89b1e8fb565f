import { loadShopCalendar } from "../checkout/calendar.server";
import { openDaysAhead, shopLocalDateTime } from "../checkout/slots";
import type { RequestContext } from "../platform/request-context.server";
import { horizonDays } from "../production/availability";
import { basketDayProblems } from "../production/basket-days.server";
import type { Basket } from "./basket.server";

type BasketDaysContext = Pick<
  RequestContext,
  "db" | "kv" | "env" | "timing" | "waitUntil" | "logger" | "memo" | "now" | "url"
>;

/**
 * The bake days a basket can be set to (open days within its horizon, each saying whether the
 * whole basket can be had then, and why not), and for its chosen day what each line that cannot
 * be had says. One calendar read (cached) and one plan load.
 */
export async function basketBakeDays(ctx: BasketDaysContext, basket: Basket) {
  if (basket.lines.length === 0) return { days: [], chosen: null };
  const now = ctx.now();
  const calendar = await loadShopCalendar(ctx, shopLocalDateTime(now).slice(0, 10));
  const dates = openDaysAhead(now, calendar, horizonDays(basket.lines.map((line) => line.noticeMinutes)));
  const { problems, details } = await basketDayProblems(ctx, basket.lines, dates);
  const days = dates.map((date) => ({ date, problem: problems.get(date) ?? null }));
  // A day chosen earlier that has passed (or closed) is forgotten, not shown.
  const chosenDate = basket.bakeDate && dates.includes(basket.bakeDate) ? basket.bakeDate : null;
  const detail = chosenDate ? details.get(chosenDate) : undefined;
  return {
    days,
    chosen: chosenDate
      ? {
          date: chosenDate,
          /** By plan row (`planKey(productId, variantId)`): lines of one size share what it says. */
          lines: Object.fromEntries(detail?.lines ?? []) as Record<string, string>,
          shared: detail?.shared ?? [],
        }
      : null,
  };
}
