import { and, asc, eq, inArray, notInArray, or, sql } from "drizzle-orm";
import { orderFlags, orderItems, orders } from "../../../database/schema";
import type { RequestContext } from "../platform/request-context.server";
import type { OrderFilters } from "./order-forms";

type OrdersAdminContext = Pick<RequestContext, "db">;

export const ORDERS_PAGE_SIZE = 100;
/** The working list, soonest first; a search finds finished orders too. */
export async function listOrders(ctx: OrdersAdminContext, filters: OrderFilters) {
  const like = filters.q ? `%${filters.q.toLowerCase().replace(/[%_\\]/g, "\\$&")}%` : "";
  const rows = await ctx.db
    .select({
      number: orders.number,
      name: orders.name,
      email: orders.email,
      status: orders.status,
      fulfilment: orders.fulfilment,
      fulfilmentStatus: orders.fulfilmentStatus,
      slotDate: orders.slotDate,
      slotTime: orders.slotTime,
      totalPence: orders.totalPence,
      refundedPence: orders.refundedPence,
      currency: orders.currency,
      /** Whether the order has a flag staff have not dealt with. */
      flagged: sql<number>`EXISTS (SELECT 1 FROM ${orderFlags} f WHERE f.order_id = ${orders.id} AND f.resolved_at IS NULL)`,
      items: sql<number>`(SELECT coalesce(sum(quantity), 0) FROM ${orderItems} WHERE order_id = ${orders.id})`,
    })
    .from(orders)
    .where(
      and(
        filters.unpaid ? undefined : inArray(orders.status, ["paid", "refunded"]),
        filters.progress
          ? eq(orders.fulfilmentStatus, filters.progress)
          : // The working list: finished orders stay out of the way unless asked for by progress or found by search.
            filters.q
            ? undefined
            : notInArray(orders.fulfilmentStatus, ["collected", "delivered", "cancelled"]),
        filters.day ? eq(orders.slotDate, filters.day) : undefined,
        filters.slot ? eq(orders.slotTime, filters.slot) : undefined,
        filters.q
          ? or(eq(orders.number, sql`upper(${filters.q})`), sql`${orders.email} LIKE ${like} ESCAPE '\\'`)
          : undefined,
      ),
    )
    .orderBy(asc(orders.slotDate), asc(orders.slotTime), asc(orders.id))
    .limit(ORDERS_PAGE_SIZE);
  return rows;
}

export type AdminOrderRow = Awaited<ReturnType<typeof listOrders>>[number];

export type OrderEvent = { kind: string; detail: string; actor: string | null; createdAt: string };
export type OrderRefund = {
  amountPence: number;
  reason: string;
  status: string;
  error: string | null;
  createdAt: string;
};

export async function orderHistory(
  ctx: OrdersAdminContext,
  orderId: number,
): Promise<{ events: OrderEvent[]; refunds: OrderRefund[] }> {
  const db = ctx.db.$client;
  const [events, refunds] = await db.batch([
    db
      .prepare(
        `SELECT e.kind, e.detail, u.name AS actor, e.created_at AS createdAt FROM order_events e
         LEFT JOIN users u ON u.id = e.actor_user_id WHERE e.order_id = ? ORDER BY e.id`,
      )
      .bind(orderId),
    db
      .prepare(
        `SELECT amount_pence AS amountPence, reason, status, error, created_at AS createdAt
         FROM refunds WHERE order_id = ? ORDER BY id`,
      )
      .bind(orderId),
  ]);
  return { events: (events?.results ?? []) as OrderEvent[], refunds: (refunds?.results ?? []) as OrderRefund[] };
}
