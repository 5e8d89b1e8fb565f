import { shopLocalDateTime } from "../checkout/slots";
import { pageTrueUntil, type RequestContext } from "../platform/request-context.server";
import {
  addDays,
  type DayAvailability,
  orderDeadline,
  type ProductPlan,
  type ProductPlanContext,
  productDay,
  sellingDates,
  weekdayOf,
} from "./availability";
import { firstOnSale, type NextBakeDay } from "./next-day";
import { loadPlan } from "./plan.server";

type BakeDaysContext = Pick<
  RequestContext,
  "db" | "kv" | "env" | "timing" | "waitUntil" | "logger" | "memo" | "now" | "pageFreshUntil"
>;

/** How many upcoming days a product page lists. */
const DAYS_SHOWN = 8;

/**
 * The plan and what is sold for some products, read live (one D1 batch): how many are left changes
 * with every order, so it is never kept with the catalogue (docs/decisions/018-bake-day-rush.md).
 * Far enough ahead for any notice (the horizon is 2–8 weeks).
 */
function livePlans(ctx: BakeDaysContext, today: string, productIds: readonly number[]) {
  return loadPlan(ctx, { from: today, to: addDays(today, 60) }, productIds);
}

/**
 * Each open day (or closure) from tomorrow within the product's horizon, as a shopper sees it: for
 * the product as a whole, or one of its sizes planned apart (`variantId`).
 */
function upcomingDays(
  context: ProductPlanContext,
  plan: ProductPlan,
  nowLocal: string,
  variantId = 0,
): DayAvailability[] {
  return sellingDates(nowLocal, [plan])
    .slice(1)
    .filter((date) => context.week.openWeekdays.has(weekdayOf(date)) || context.week.closures.has(date))
    .map((date) => productDay(context, plan, date, nowLocal, variantId));
}

/** A size planned apart and its own next bake days, for the product page's line per size. */
export type SizeBakeDays = { label: string; days: DayAvailability[] };

/**
 * A cached copy of a page is true until the next cut-off or drop among the days it shows, or
 * midnight (cut-offs and drops are worked out from "now" on every view, the plan is cached).
 */
function trueUntilNextChange(ctx: BakeDaysContext, today: string, plan: ProductPlan, days: DayAvailability[]) {
  pageTrueUntil(ctx, `${addDays(today, 1)}T00:00`);
  for (const day of days) {
    if (day.status === "opens-later") pageTrueUntil(ctx, day.opensAt);
    if (day.status === "available" || day.status === "opens-later" || day.status === "sold-out") {
      pageTrueUntil(ctx, orderDeadline(day.date, plan.orderDeadlineMinutes));
    }
  }
}

/**
 * A product's next bake days (how many are left each day, or why it can't be had then), and its
 * soonest day on sale within its whole horizon (a seasonal bake may start after the days shown).
 */
export async function productBakeDays(
  ctx: BakeDaysContext,
  productId: number,
): Promise<{ days: DayAvailability[]; next: NextBakeDay; sizes: SizeBakeDays[] }> {
  const nowLocal = shopLocalDateTime(ctx.now());
  const today = nowLocal.slice(0, 10);
  const { context, plans } = await livePlans(ctx, today, [productId]);
  const plan = plans.get(productId);
  if (!plan) return { days: [], next: null, sizes: [] };
  const upcoming = upcomingDays(context, plan, nowLocal);
  const next = firstOnSale(upcoming);
  const days = upcoming.slice(0, DAYS_SHOWN);
  trueUntilNextChange(ctx, today, plan, next && !days.includes(next) ? [...days, next] : days);
  // Sizes baked to their own numbers each say how many are left of them.
  const sizes = plan.variants.map((variant) => ({
    label: variant.label,
    days: upcomingDays(context, plan, nowLocal, variant.id).slice(0, DAYS_SHOWN),
  }));
  return { days, next, sizes };
}

/** For product cards: each product's soonest day on sale (or opening), null when none is soon. */
export async function nextBakeDays(
  ctx: BakeDaysContext,
  productIds: readonly number[],
): Promise<Map<number, NextBakeDay>> {
  const answers = new Map<number, NextBakeDay>();
  if (productIds.length === 0) return answers;
  const nowLocal = shopLocalDateTime(ctx.now());
  const today = nowLocal.slice(0, 10);
  const { context, plans } = await livePlans(ctx, today, productIds);
  for (const productId of productIds) {
    const plan = plans.get(productId);
    const days = plan ? upcomingDays(context, plan, nowLocal) : [];
    const next = firstOnSale(days);
    answers.set(productId, next);
    if (plan) trueUntilNextChange(ctx, today, plan, next ? days.slice(0, days.indexOf(next) + 1) : []);
  }
  return answers;
}

/** Product cards with when each can next be had (one cached plan read for the lot). */
export async function withNextBakeDays<Card extends { id: number }>(
  ctx: BakeDaysContext,
  cards: readonly Card[],
): Promise<(Card & { nextDay: NextBakeDay })[]> {
  const next = await nextBakeDays(
    ctx,
    cards.map((card) => card.id),
  );
  return cards.map((card) => ({ ...card, nextDay: next.get(card.id) ?? null }));
}
