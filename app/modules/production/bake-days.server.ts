import { cachedCatalogRead } from "../cache/catalog-cache.server";
import { shopLocalDateTime } from "../checkout/slots";
import { pageTrueUntil, type RequestContext } from "../platform/request-context.server";
import { addDays, type DayAvailability, orderDeadline, productDay, sellingDates, weekdayOf } from "./availability";
import { fromSnapshot, loadPlan, toSnapshot } from "./plan.server";

type BakeDaysContext = Pick<
  RequestContext,
  "db" | "kv" | "env" | "timing" | "waitUntil" | "logger" | "memo" | "now" | "pageFreshUntil"
>;

/** How many upcoming days a product page lists. */
const DAYS_SHOWN = 8;

/**
 * A product's next bake days as a shopper sees them: each open day (or closure) from tomorrow,
 * with how many are left or why it can't be had. The plan and what is sold are cached with the
 * catalogue (every reservation moves its version); cut-offs and drops are worked out from "now"
 * on every view, so a cached plan never shows a day that has closed.
 */
export async function productBakeDays(ctx: BakeDaysContext, productId: number): Promise<DayAvailability[]> {
  const nowLocal = shopLocalDateTime(ctx.now());
  const today = nowLocal.slice(0, 10);
  // Far enough ahead for any notice a product page lists days within (the horizon is 2–8 weeks).
  const snapshot = await cachedCatalogRead(ctx, "bake-days", `${productId}:${today}`, async () =>
    toSnapshot(await loadPlan(ctx, { from: today, to: addDays(today, 60) }, [productId])),
  );
  const { context, plans } = fromSnapshot(snapshot);
  const plan = plans.get(productId);
  if (!plan) return [];
  const days = sellingDates(nowLocal, [plan])
    .slice(1)
    .filter((date) => context.week.openWeekdays.has(weekdayOf(date)) || context.week.closures.has(date))
    .slice(0, DAYS_SHOWN)
    .map((date) => productDay(context, plan, date, nowLocal));
  // A cached copy of the page is true until the next cut-off or drop it shows, or midnight.
  pageTrueUntil(ctx, `${addDays(today, 1)}T00:00`);
  for (const day of days) {
    if (day.status === "opens-later") pageTrueUntil(ctx, day.opensAt);
    if (day.status === "available" || day.status === "opens-later" || day.status === "sold-out") {
      pageTrueUntil(ctx, orderDeadline(day.date, plan.orderDeadlineMinutes));
    }
  }
  return days;
}
