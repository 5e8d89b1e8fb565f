import type { FulfilmentStatus } from "../../../database/schema";
import type { RequestContext } from "../platform/request-context.server";
import type { OrderFilters } from "./order-forms";

type OrdersAdminContext = Pick<RequestContext, "db">;

export const ORDERS_PAGE_SIZE = 100;
export type AdminOrderRow = {
  number: string;
  name: string;
  email: string;
  status: string;
  fulfilment: "collection" | "delivery";
  fulfilmentStatus: FulfilmentStatus;
  slotDate: string;
  slotTime: string;
  totalPence: number;
  refundedPence: number;
  currency: string;
  /** Whether the order has a flag staff have not dealt with. */
  flagged: number;
  items: number;
};

export async function listOrders(ctx: OrdersAdminContext, filters: OrderFilters): Promise<AdminOrderRow[]> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (!filters.unpaid) where.push("o.status IN ('paid', 'refunded')");
  if (filters.progress) {
    where.push("o.fulfilment_status = ?");
    params.push(filters.progress);
  } else if (!filters.q) {
    // The working list: finished orders stay out of the way unless asked for by progress or found by search.
    where.push("o.fulfilment_status NOT IN ('collected', 'delivered', 'cancelled')");
  }
  if (filters.day) {
    where.push("o.slot_date = ?");
    params.push(filters.day);
  }
  if (filters.slot) {
    where.push("o.slot_time = ?");
    params.push(filters.slot);
  }
  if (filters.q) {
    where.push("(o.number = upper(?) OR o.email LIKE ? ESCAPE '\\')");
    params.push(filters.q, `%${filters.q.toLowerCase().replace(/[%_\\]/g, "\\$&")}%`);
  }
  const { results } = await ctx.db.$client
    .prepare(
      `SELECT o.number, o.name, o.email, o.status, o.fulfilment, o.fulfilment_status AS fulfilmentStatus,
              o.slot_date AS slotDate, o.slot_time AS slotTime, o.total_pence AS totalPence,
              o.refunded_pence AS refundedPence, o.currency,
              EXISTS (SELECT 1 FROM order_flags f WHERE f.order_id = o.id AND f.resolved_at IS NULL) AS flagged,
              (SELECT coalesce(sum(quantity), 0) FROM order_items WHERE order_id = o.id) AS items
       FROM orders o ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY o.slot_date, o.slot_time, o.id LIMIT ${ORDERS_PAGE_SIZE}`,
    )
    .bind(...params)
    .all<AdminOrderRow>();
  return results;
}

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
