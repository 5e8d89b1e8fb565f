import { catalogVersionKey } from "../cache/keys";
import { refundEmail } from "../email/order-updates";
import { createStripe } from "../payments/stripe.server";
import type { RequestContext } from "../platform/request-context.server";
import { canCancel } from "./fulfilment";
import { customerOrderUrl } from "./fulfilment.server";
import { findOrder, type OrderView } from "./order-queries.server";

type RefundContext = Pick<RequestContext, "db" | "kv" | "env" | "bindings" | "logger">;

export type RefundRequest = {
  number: string;
  amountPence: number;
  reason: string;
  cancel: boolean;
  /** Made when the confirmation step is shown; the same key is sent to Stripe. */
  idempotencyKey: string;
  actorId: number;
  origin: string;
};

export type RefundResult = { ok: true; order: OrderView } | { ok: false; message: string };

/** What can still be refunded, or why nothing can. */
export function refundableAmount(order: OrderView): { ok: true; pence: number } | { ok: false; message: string } {
  if (order.status !== "paid") return { ok: false, message: "Only paid orders can be refunded." };
  if (!order.stripePaymentIntentId) return { ok: false, message: "This order has no Stripe payment to refund." };
  const pence = order.totalPence - order.refundedPence;
  return pence > 0 ? { ok: true, pence } : { ok: false, message: "This order has been refunded in full." };
}

export function checkRefund(order: OrderView, amountPence: number, cancel: boolean): string | null {
  const refundable = refundableAmount(order);
  if (!refundable.ok) return refundable.message;
  if (amountPence > refundable.pence) return "That is more than is left to refund.";
  if (cancel && !canCancel(order)) return "This order can no longer be cancelled.";
  return null;
}

/**
 * Refunds through Stripe, at most once per idempotency key however often it is submitted: the
 * refund row is claimed first, Stripe gets the same key (a retry returns the same refund), and
 * everything after Stripe says yes is one batch whose parts each happen once. Cancelling puts the
 * stock and the slot back (guarded by `stock_returned`).
 */
export async function refundOrder(ctx: RefundContext, request: RefundRequest): Promise<RefundResult> {
  const db = ctx.db.$client;
  const order = await findOrder(ctx, { number: request.number });
  if (!order) return { ok: false, message: "That order doesn't exist." };

  const existing = await db
    .prepare("SELECT id, order_id, status, error FROM refunds WHERE idempotency_key = ?")
    .bind(request.idempotencyKey)
    .first<{ id: number; order_id: number; status: string; error: string | null }>();
  if (existing && existing.order_id !== order.id)
    return { ok: false, message: "That refund belongs to another order." };
  if (existing?.status === "succeeded") return { ok: true, order };
  if (existing?.status === "failed") return { ok: false, message: `Stripe refused the refund: ${existing.error}` };
  if (!existing) {
    const problem = checkRefund(order, request.amountPence, request.cancel);
    if (problem) return { ok: false, message: problem };
    await db
      .prepare(
        `INSERT INTO refunds (order_id, amount_pence, reason, idempotency_key, created_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (idempotency_key) DO NOTHING`,
      )
      .bind(order.id, request.amountPence, request.reason, request.idempotencyKey, request.actorId)
      .run();
  }
  const refund = await db
    .prepare("SELECT id, amount_pence FROM refunds WHERE idempotency_key = ?")
    .bind(request.idempotencyKey)
    .first<{ id: number; amount_pence: number }>();
  if (!refund) return { ok: false, message: "The refund could not be recorded." };

  let stripeRefundId: string;
  try {
    const created = await createStripe(ctx.env).refunds.create(
      {
        payment_intent: order.stripePaymentIntentId ?? "",
        amount: refund.amount_pence,
        reason: "requested_by_customer",
        metadata: { order_number: order.number },
      },
      { idempotencyKey: `refund-${request.idempotencyKey}` },
    );
    stripeRefundId = created.id;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .prepare("UPDATE refunds SET status = 'failed', error = ? WHERE id = ? AND status = 'pending'")
      .bind(message, refund.id)
      .run();
    ctx.logger.warn("stripe refund failed", { order: order.number, error: message });
    return { ok: false, message: `Stripe refused the refund: ${message}` };
  }

  const email = refundEmail(order, refund.amount_pence, request.cancel, customerOrderUrl(request.origin, order));
  const statements = [
    db
      .prepare(
        "UPDATE refunds SET status = 'succeeded', stripe_refund_id = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND status = 'pending'",
      )
      .bind(stripeRefundId, refund.id),
    db
      .prepare(
        "INSERT INTO order_events (order_id, kind, detail, actor_user_id) SELECT ?, 'refund', ?, ? WHERE changes() = 1",
      )
      .bind(
        order.id,
        `Refunded ${(refund.amount_pence / 100).toFixed(2)}${request.reason ? `: ${request.reason}` : ""}`,
        request.actorId,
      ),
    db
      .prepare(
        `INSERT INTO email_outbox (kind, order_id, recipient, subject, html, text) SELECT ?, ?, ?, ?, ?, ? WHERE changes() = 1
         ON CONFLICT (order_id, kind) DO NOTHING RETURNING id`,
      )
      .bind(`refund-${refund.id}`, order.id, order.email, email.subject, email.html, email.text),
    // Recomputed from the refunds, so running this twice gives the same answer.
    db
      .prepare(
        `UPDATE orders SET refunded_pence = (SELECT coalesce(sum(amount_pence), 0) FROM refunds WHERE order_id = ?1 AND status = 'succeeded'),
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1`,
      )
      .bind(order.id),
    db.prepare("UPDATE orders SET status = 'refunded' WHERE id = ? AND refunded_pence >= total_pence").bind(order.id),
  ];
  if (request.cancel) statements.push(...cancelStatements(db, order.id, request.actorId));
  const results = await db.batch(statements);
  const outboxId = (results[2]?.results?.[0] as { id: number } | undefined)?.id;
  if (outboxId) await ctx.bindings.EMAIL_QUEUE.send({ outboxId });
  if (request.cancel) await ctx.kv.delete(catalogVersionKey(ctx.env.CACHE_NAMESPACE));
  const after = await findOrder(ctx, { id: order.id });
  return after ? { ok: true, order: after } : { ok: false, message: "That order doesn't exist." };
}

/** Cancels and gives back stock and the slot, once (the `stock_returned` flag guards every step). */
function cancelStatements(db: D1Database, orderId: number, actorId: number): D1PreparedStatement[] {
  const notYetReturned = "EXISTS (SELECT 1 FROM orders WHERE id = ? AND stock_returned = 0)";
  return [
    db
      .prepare(
        `UPDATE orders SET fulfilment_status = 'cancelled' WHERE id = ? AND fulfilment_status NOT IN ('collected', 'delivered', 'cancelled')`,
      )
      .bind(orderId),
    db
      .prepare(
        "INSERT INTO order_events (order_id, kind, detail, actor_user_id) SELECT ?, 'status', 'Cancelled', ? WHERE changes() = 1",
      )
      .bind(orderId, actorId),
    db
      .prepare(
        `UPDATE products SET stock = stock + (SELECT sum(oi.quantity) FROM order_items oi WHERE oi.order_id = ? AND oi.product_id = products.id)
         WHERE id IN (SELECT product_id FROM order_items WHERE order_id = ?) AND ${notYetReturned}`,
      )
      .bind(orderId, orderId, orderId),
    db
      .prepare(
        `UPDATE slot_bookings SET booked = booked - 1
         WHERE (slot_date, slot_time) = (SELECT slot_date, slot_time FROM orders WHERE id = ?) AND booked > 0 AND ${notYetReturned}`,
      )
      .bind(orderId, orderId),
    db.prepare(`UPDATE catalog_meta SET version = version + 1 WHERE id = 1 AND ${notYetReturned}`).bind(orderId),
    db.prepare("UPDATE orders SET stock_returned = 1 WHERE id = ?").bind(orderId),
  ];
}
