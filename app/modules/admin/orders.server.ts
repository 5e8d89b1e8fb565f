import { and, asc, eq, inArray, notInArray, or, sql } from "drizzle-orm";
import { orderEvents, orderFlags, orderItems, orders, refunds, users } from "../../../database/schema";
import { qualified } from "../platform/db.server";
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
      flagged: sql<number>`EXISTS (SELECT 1 FROM ${orderFlags} f WHERE f.order_id = ${qualified(orders.id)}
        AND f.resolved_at IS NULL)`,
      items: sql<number>`(SELECT coalesce(sum(quantity), 0) FROM ${orderItems} WHERE order_id = ${qualified(orders.id)})`,
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

/** What happened to an order (steps, flags, refunds asked for) and its refunds, oldest first: one round trip. */
export async function orderHistory(ctx: OrdersAdminContext, orderId: number) {
  const [events, refundRows] = await ctx.db.batch([
    ctx.db
      .select({
        kind: orderEvents.kind,
        detail: orderEvents.detail,
        actor: users.name,
        createdAt: orderEvents.createdAt,
      })
      .from(orderEvents)
      .leftJoin(users, eq(users.id, orderEvents.actorUserId))
      .where(eq(orderEvents.orderId, orderId))
      .orderBy(asc(orderEvents.id)),
    ctx.db
      .select({
        amountPence: refunds.amountPence,
        reason: refunds.reason,
        status: refunds.status,
        error: refunds.error,
        createdAt: refunds.createdAt,
      })
      .from(refunds)
      .where(eq(refunds.orderId, orderId))
      .orderBy(asc(refunds.id)),
  ]);
  return { events, refunds: refundRows };
}

export type OrderEvent = Awaited<ReturnType<typeof orderHistory>>["events"][number];
export type OrderRefund = Awaited<ReturnType<typeof orderHistory>>["refunds"][number];
