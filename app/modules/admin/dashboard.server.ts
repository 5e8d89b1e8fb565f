import { COLLECTION_RULES, LOW_STOCK_THRESHOLD } from "../../lib/constants";
import { addDays, shopLocalDateTime } from "../checkout/slots";
import type { RequestContext } from "../platform/request-context.server";

type DashboardContext = Pick<RequestContext, "db">;

/** Paid orders the bakery still has to make: not cancelled (a full refund makes them 'refunded'). */
const TO_BAKE = "o.status = 'paid' AND o.fulfilment_status != 'cancelled'";

export type BakeListLine = { productId: number; name: string; quantity: number; orders: number };
export type SlotSummary = { slotTime: string; fulfilment: string; orders: number; items: number };
export type BakeDay = { date: string; bake: BakeListLine[]; slots: SlotSummary[] };
export type LowStockLine = { id: number; slug: string; name: string; stock: number };
export type SalesDay = { date: string; totalPence: number; orders: number };

/** What to bake for one day's collections and deliveries, and how those orders spread over slots. */
async function bakeDay(ctx: DashboardContext, date: string): Promise<BakeDay> {
  const db = ctx.db.$client;
  const [bake, slots] = await db.batch([
    db
      .prepare(
        `SELECT oi.product_id AS productId, oi.name AS name, sum(oi.quantity) AS quantity, count(DISTINCT o.id) AS orders
         FROM order_items oi JOIN orders o ON o.id = oi.order_id
         WHERE o.slot_date = ? AND ${TO_BAKE}
         GROUP BY oi.product_id ORDER BY quantity DESC, name`,
      )
      .bind(date),
    db
      .prepare(
        `SELECT o.slot_time AS slotTime, o.fulfilment AS fulfilment, count(DISTINCT o.id) AS orders,
                sum(oi.quantity) AS items
         FROM orders o JOIN order_items oi ON oi.order_id = o.id
         WHERE o.slot_date = ? AND ${TO_BAKE}
         GROUP BY o.slot_time, o.fulfilment ORDER BY o.slot_time`,
      )
      .bind(date),
  ]);
  return { date, bake: (bake?.results ?? []) as BakeListLine[], slots: (slots?.results ?? []) as SlotSummary[] };
}

/** Today's and tomorrow's bake lists, in the shop's time zone. */
export async function bakeDays(ctx: DashboardContext, now = new Date()): Promise<BakeDay[]> {
  const today = shopLocalDateTime(now).slice(0, 10);
  return Promise.all([bakeDay(ctx, today), bakeDay(ctx, addDays(today, 1))]);
}

export async function lowStock(ctx: DashboardContext): Promise<LowStockLine[]> {
  const { results } = await ctx.db.$client
    .prepare("SELECT id, slug, name, stock FROM products WHERE status = 'active' AND stock <= ? ORDER BY stock, name")
    .bind(LOW_STOCK_THRESHOLD)
    .all<LowStockLine>();
  return results;
}

/** Takings (paid less refunded) per day for the last `days` days, today included, zero-filled, oldest first. */
export async function salesByDay(ctx: DashboardContext, days = 30, now = new Date()): Promise<SalesDay[]> {
  const today = shopLocalDateTime(now).slice(0, 10);
  const first = addDays(today, -(days - 1));
  const { results } = await ctx.db.$client
    .prepare(
      `SELECT substr(paid_at, 1, 10) AS date, sum(total_pence - refunded_pence) AS totalPence, count(*) AS orders
       FROM orders WHERE paid_at >= ? AND status IN ('paid', 'refunded')
       GROUP BY substr(paid_at, 1, 10)`,
    )
    .bind(`${first}T00:00:00`)
    .all<SalesDay>();
  const byDate = new Map(results.map((row) => [row.date, row]));
  return Array.from({ length: days }, (_, i) => {
    const date = addDays(first, i);
    return byDate.get(date) ?? { date, totalPence: 0, orders: 0 };
  });
}

export type AwaitingBankPayment = { number: string; name: string; slotDate: string };

/**
 * Orders still waiting for a bank payment (Bacs, SEPA, transfer) whose bake day's cut-off (the
 * evening before, shop time) has passed: the bakery must decide whether to bake them unpaid.
 */
export async function awaitingBankPaymentsPastCutoff(
  ctx: DashboardContext,
  now = new Date(),
): Promise<AwaitingBankPayment[]> {
  const { results } = await ctx.db.$client
    .prepare(
      `SELECT number, name, slot_date AS slotDate FROM orders
       WHERE status = 'awaiting_payment' AND reservation_released = 0 ORDER BY slot_date, id LIMIT 200`,
    )
    .all<AwaitingBankPayment>();
  const nowLocal = shopLocalDateTime(now);
  const cutoffHour = String(COLLECTION_RULES.cutoffHour).padStart(2, "0");
  return results.filter((order) => nowLocal >= `${addDays(order.slotDate, -1)}T${cutoffHour}:00`);
}

export type FlaggedOrder = { number: string; name: string; flag: string; slotDate: string };

/** Orders Stripe told us something about that staff must look at (a dispute, a late payment). */
export async function flaggedOrders(ctx: DashboardContext): Promise<FlaggedOrder[]> {
  const { results } = await ctx.db.$client
    .prepare(
      `SELECT o.number, o.name, f.kind AS flag, o.slot_date AS slotDate
       FROM order_flags f JOIN orders o ON o.id = f.order_id
       WHERE f.resolved_at IS NULL ORDER BY o.slot_date, o.id, f.id LIMIT 50`,
    )
    .all<FlaggedOrder>();
  return results;
}
