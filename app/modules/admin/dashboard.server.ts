import { and, asc, eq, isNull, type SQLWrapper, sql } from "drizzle-orm";
import { orderFlags, orders, products } from "../../../database/schema";
import { COLLECTION_RULES, LOW_STOCK_THRESHOLD } from "../../lib/constants";
import { addDays, shopLocalDateTime } from "../checkout/slots";
import { salesSince } from "../platform/hot-queries.server";
import type { RequestContext } from "../platform/request-context.server";
import { type PlanQuantities, plannedQuantity, salesKey, variantSalesKey, weekdayOf } from "../production/availability";
import { type BakeTotals, bakeTotals, nextDaysWithOrders } from "../production/bake-list.server";
import { loadPlan } from "../production/plan.server";

type DashboardContext = Pick<RequestContext, "db" | "now">;

const _total = (column: SQLWrapper) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);

export type SalesDay = { date: string; totalPence: number; discountPence: number; orders: number };

export type BakeDay = BakeTotals;
export type BakeListLine = BakeDay["bake"][number];
export type SlotSummary = BakeDay["slots"][number];

/**
 * Today's bake totals, then those of the next two days that have orders, in the shop's time zone
 * (the full lists are at /admin/bake-list). On a Monday night with every order for Wednesday, the
 * dashboard shows Wednesday, not an empty Tuesday.
 */
export async function bakeDays(ctx: DashboardContext, now = ctx.now()): Promise<BakeDay[]> {
  const today = shopLocalDateTime(now).slice(0, 10);
  const coming = await nextDaysWithOrders(ctx, today, 2);
  return Promise.all([today, ...coming].map((date) => bakeTotals(ctx, date)));
}

/**
 * Bake days in the coming week that are sold out or nearly so, product by product: where the
 * plan may want another batch. From the plan and what orders hold, as the shop sees it.
 */
export async function runningLow(ctx: DashboardContext, now = ctx.now()) {
  const today = shopLocalDateTime(now).slice(0, 10);
  const from = addDays(today, 1);
  const { context, plans } = await loadPlan(ctx, { from, to: addDays(today, 7) });
  const names = new Map(
    (await ctx.db.select({ id: products.id, name: products.name }).from(products)).map((row) => [row.id, row.name]),
  );
  // A row per product, or per size when its sizes are baked to their own numbers.
  type Row = { productId: number; name: string; quantities: PlanQuantities; sold: (date: string) => number };
  const rows = [...plans.values()].flatMap((plan): Row[] => {
    const name = names.get(plan.productId) ?? "";
    if (!plan.plannedApart) {
      const sold = (date: string) => context.sales.product.get(salesKey(plan.productId, date)) ?? 0;
      return [{ productId: plan.productId, name, quantities: plan, sold }];
    }
    return plan.variants.map((variant) => ({
      productId: plan.productId,
      name: `${name}: ${variant.label}`,
      quantities: variant,
      sold: (date: string) => context.sales.variant.get(variantSalesKey(plan.productId, variant.id, date)) ?? 0,
    }));
  });
  const lines = rows.flatMap((row) =>
    Array.from({ length: 7 }, (_, offset) => addDays(from, offset)).flatMap((date) => {
      if (!context.week.openWeekdays.has(weekdayOf(date)) || context.week.closures.has(date)) return [];
      const planned = plannedQuantity(row.quantities, date);
      const left = planned - row.sold(date);
      if (planned <= 0 || left > LOW_STOCK_THRESHOLD) return [];
      return [{ productId: row.productId, name: row.name, date, planned, left: Math.max(left, 0) }];
    }),
  );
  return lines
    .sort((a, b) => a.date.localeCompare(b.date) || a.left - b.left || a.name.localeCompare(b.name))
    .slice(0, 30);
}

export type RunningLowLine = Awaited<ReturnType<typeof runningLow>>[number];

/** Takings (paid less refunded) per day for the last `days` days, today included, zero-filled, oldest first. */
export async function salesByDay(ctx: DashboardContext, days = 30, now = ctx.now()): Promise<SalesDay[]> {
  const today = shopLocalDateTime(now).slice(0, 10);
  const first = addDays(today, -(days - 1));
  const results = await salesSince(ctx.db, first);
  const byDate = new Map(results.map((row) => [row.date, row]));
  return Array.from({ length: days }, (_, i) => {
    const date = addDays(first, i);
    return byDate.get(date) ?? { date, totalPence: 0, discountPence: 0, orders: 0 };
  });
}

/**
 * Orders still waiting for a bank payment (Bacs, SEPA, transfer) whose bake day's cut-off (the
 * evening before, shop time) has passed: the bakery must decide whether to bake them unpaid.
 */
export async function awaitingBankPaymentsPastCutoff(ctx: DashboardContext, now = ctx.now()) {
  const results = await ctx.db
    .select({ number: orders.number, name: orders.name, slotDate: orders.slotDate })
    .from(orders)
    .where(and(eq(orders.status, "awaiting_payment"), eq(orders.reservationReleased, false)))
    .orderBy(asc(orders.slotDate), asc(orders.id))
    .limit(200);
  const nowLocal = shopLocalDateTime(now);
  const cutoffHour = String(COLLECTION_RULES.cutoffHour).padStart(2, "0");
  return results.filter((order) => nowLocal >= `${addDays(order.slotDate, -1)}T${cutoffHour}:00`);
}

/** Orders Stripe told us something about that staff must look at (a dispute, a late payment). */
export function flaggedOrders(ctx: DashboardContext) {
  return ctx.db
    .select({ number: orders.number, name: orders.name, flag: orderFlags.kind, slotDate: orders.slotDate })
    .from(orderFlags)
    .innerJoin(orders, eq(orders.id, orderFlags.orderId))
    .where(isNull(orderFlags.resolvedAt))
    .orderBy(asc(orders.slotDate), asc(orders.id), asc(orderFlags.id))
    .limit(50);
}

export type FlaggedOrder = Awaited<ReturnType<typeof flaggedOrders>>[number];
