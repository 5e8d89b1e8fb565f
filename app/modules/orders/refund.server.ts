import { catalogChangeStatement, publishCatalogChange } from "../cache/catalog-changes.server";
import { refundEmail } from "../email/order-emails.server";
import { createStripe } from "../payments/stripe.server";
import type { RequestContext } from "../platform/request-context.server";
import { canCancel } from "./fulfilment";
import { customerOrderUrl } from "./fulfilment.server";
import { findOrder, type OrderView } from "./order-queries.server";
import { clause, type Guard } from "./payment-transitions.server";

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

export type RefundResult =
  | { ok: true; order: OrderView; outcome: "succeeded" | "pending" }
  | { ok: false; message: string };

/** What can still be refunded, or why nothing can. */
export function refundableAmount(order: OrderView): { ok: true; pence: number } | { ok: false; message: string } {
  if (order.status !== "paid") return { ok: false, message: "Only paid orders can be refunded." };
  if (!order.stripePaymentIntentId) return { ok: false, message: "This order has no Stripe payment to refund." };
  // Refunds still being processed by Stripe count as taken: never two refunds for the same money.
  const pence = order.totalPence - order.refundedPence - order.pendingRefundPence;
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
    .prepare("SELECT id, order_id, status, error, stripe_refund_id FROM refunds WHERE idempotency_key = ?")
    .bind(request.idempotencyKey)
    .first<{ id: number; order_id: number; status: string; error: string | null; stripe_refund_id: string | null }>();
  if (existing && existing.order_id !== order.id)
    return { ok: false, message: "That refund belongs to another order." };
  if (existing?.status === "succeeded") return { ok: true, order, outcome: "succeeded" };
  if (existing?.status === "failed") return { ok: false, message: `Stripe refused the refund: ${existing.error}` };
  if (existing?.stripe_refund_id) return { ok: true, order, outcome: "pending" };
  if (!existing) {
    const problem = checkRefund(order, request.amountPence, request.cancel);
    if (problem) return { ok: false, message: problem };
    await db
      .prepare(
        `INSERT INTO refunds (order_id, amount_pence, reason, idempotency_key, created_by, cancel_order)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
      )
      .bind(
        order.id,
        request.amountPence,
        request.reason,
        request.idempotencyKey,
        request.actorId,
        request.cancel ? 1 : 0,
      )
      .run();
  }
  const refund = await db
    .prepare("SELECT id, amount_pence FROM refunds WHERE idempotency_key = ?")
    .bind(request.idempotencyKey)
    .first<{ id: number; amount_pence: number }>();
  if (!refund) return { ok: false, message: "The refund could not be recorded." };

  let created: { id: string; status: string | null; failure_reason?: string | null };
  try {
    created = await createStripe(ctx.env).refunds.create(
      {
        payment_intent: order.stripePaymentIntentId ?? "",
        amount: refund.amount_pence,
        reason: "requested_by_customer",
        metadata: { order_number: order.number },
      },
      { idempotencyKey: `refund-${request.idempotencyKey}` },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.batch(refundFailedStatements(db, { refundId: refund.id, stripeRefundId: null, error: message }));
    ctx.logger.warn("stripe refund failed", { order: order.number, error: message });
    return { ok: false, message: `Stripe refused the refund: ${message}` };
  }

  // Stripe answers with the refund's status: most succeed at once, some stay pending (and end by
  // webhook, sometimes days later), some fail. The customer hears only of one that succeeded.
  const { outcome } = await applyRefundOutcome(ctx, {
    stripeRefundId: created.id,
    status: created.status ?? "pending",
    failureReason: created.failure_reason ?? null,
    refundId: refund.id,
    origin: request.origin,
  });
  if (outcome === "failed") {
    return { ok: false, message: `Stripe could not refund it (${created.failure_reason ?? "failed"}).` };
  }
  const after = await findOrder(ctx, { id: order.id });
  return after ? { ok: true, order: after, outcome } : { ok: false, message: "That order doesn't exist." };
}

export type RefundOutcome = "succeeded" | "pending" | "failed";

/**
 * Moves our refund row to what Stripe says of the refund, with its effects, once: from the admin's
 * request (Stripe's first answer) or from `refund.updated` / `refund.failed` /
 * `charge.refund.updated` webhooks. `guard` (the webhook's "event not yet recorded") joins the
 * statements to the event's transaction.
 */
export async function applyRefundOutcome(
  ctx: Pick<RequestContext, "db" | "kv" | "env" | "bindings" | "logger">,
  change: {
    stripeRefundId: string;
    status: string;
    failureReason: string | null;
    refundId?: number;
    origin: string;
  },
  event: { record: D1PreparedStatement; guard: Guard } | null = null,
): Promise<{ outcome: RefundOutcome; recorded: boolean }> {
  const db = ctx.db.$client;
  const row = await db
    .prepare(
      `SELECT id, order_id, amount_pence, reason, created_by, cancel_order FROM refunds
       WHERE ${change.refundId ? "id = ?" : "stripe_refund_id = ?"}`,
    )
    .bind(change.refundId ?? change.stripeRefundId)
    .first<RefundRow>();
  const guard = event?.guard ?? null;
  // The webhook's record of its event goes last in the same batch (decision 010).
  const after = event ? [event.record] : [];
  const recorded = (results: D1Result[]) => !event || (results.at(-1)?.results.length ?? 0) > 0;
  const unknown: RefundOutcome =
    change.status === "succeeded" ? "succeeded" : change.status === "pending" ? "pending" : "failed";
  // A refund made in the Stripe dashboard has no row here; charge.refunded keeps the totals.
  if (!row) return { outcome: unknown, recorded: recorded(after.length ? await db.batch(after) : []) };
  const order = await findOrder(ctx, { id: row.order_id });
  if (!order) return { outcome: "failed", recorded: recorded(after.length ? await db.batch(after) : []) };
  let statements: D1PreparedStatement[];
  let outcome: RefundOutcome;
  if (change.status === "succeeded") {
    outcome = "succeeded";
    const email = await refundEmail(
      order,
      row.amount_pence,
      row.cancel_order === 1,
      customerOrderUrl(change.origin, order),
    );
    statements = refundSucceededStatements(db, { refund: row, stripeRefundId: change.stripeRefundId, email }, guard);
  } else if (change.status === "failed" || change.status === "canceled") {
    outcome = "failed";
    statements = refundFailedStatements(
      db,
      { refundId: row.id, stripeRefundId: change.stripeRefundId, error: change.failureReason ?? change.status },
      guard,
    );
  } else {
    outcome = "pending";
    statements = refundPendingStatements(db, { refund: row, stripeRefundId: change.stripeRefundId }, guard);
  }
  const results = await db.batch([...statements, ...after]);
  if (outcome === "succeeded") {
    const outboxId = (results[2]?.results?.[0] as { id: number } | undefined)?.id;
    if (outboxId) await ctx.bindings.EMAIL_QUEUE.send({ outboxId });
  }
  // Stock a cancellation gave back shows on the shop's pages.
  await publishCatalogChange(ctx, results);
  return { outcome, recorded: recorded(results) };
}

type RefundRow = {
  id: number;
  order_id: number;
  amount_pence: number;
  reason: string;
  created_by: number | null;
  cancel_order: number;
};

/** Stripe is still working on it: the row knows its Stripe id, staff see it in progress, nobody is emailed. */
function refundPendingStatements(db: D1Database, change: { refund: RefundRow; stripeRefundId: string }, guard: Guard) {
  const g = clause(guard);
  return [
    db
      .prepare(
        `UPDATE refunds SET stripe_refund_id = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ? AND status = 'pending' AND stripe_refund_id IS NULL AND ${g.sql}`,
      )
      .bind(change.stripeRefundId, change.refund.id, ...g.binds),
    db
      .prepare(
        "INSERT INTO order_events (order_id, kind, detail, actor_user_id) SELECT ?, 'refund', ?, ? WHERE changes() = 1",
      )
      .bind(
        change.refund.order_id,
        `Refund of ${(change.refund.amount_pence / 100).toFixed(2)} requested; Stripe is processing it`,
        change.refund.created_by,
      ),
  ];
}

/**
 * The refund went through: once (the row moves from pending), with the timeline entry, the
 * customer's email (third statement: its RETURNING id is queued), the refunded total recomputed
 * from succeeded refunds, and the cancellation if one was asked for.
 */
function refundSucceededStatements(
  db: D1Database,
  change: { refund: RefundRow; stripeRefundId: string; email: { subject: string; html: string; text: string } },
  guard: Guard,
): D1PreparedStatement[] {
  const g = clause(guard);
  const { refund, email } = change;
  const statements = [
    db
      .prepare(
        `UPDATE refunds SET status = 'succeeded', stripe_refund_id = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ? AND status = 'pending' AND ${g.sql}`,
      )
      .bind(change.stripeRefundId, refund.id, ...g.binds),
    db
      .prepare(
        "INSERT INTO order_events (order_id, kind, detail, actor_user_id) SELECT ?, 'refund', ?, ? WHERE changes() = 1",
      )
      .bind(
        refund.order_id,
        `Refunded ${(refund.amount_pence / 100).toFixed(2)}${refund.reason ? `: ${refund.reason}` : ""}`,
        refund.created_by,
      ),
    db
      .prepare(
        `INSERT INTO email_outbox (kind, order_id, recipient, subject, html, text)
         SELECT ?, id, email, ?, ?, ? FROM orders WHERE id = ? AND changes() = 1
         ON CONFLICT (order_id, kind) DO NOTHING RETURNING id`,
      )
      .bind(`refund-${refund.id}`, email.subject, email.html, email.text, refund.order_id),
    // Recomputed from the refunds, so running this twice gives the same answer.
    db
      .prepare(
        `UPDATE orders SET refunded_pence = max(refunded_pence, (SELECT coalesce(sum(amount_pence), 0) FROM refunds
           WHERE order_id = ?1 AND status = 'succeeded')), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1`,
      )
      .bind(refund.order_id),
    db
      .prepare(
        "UPDATE orders SET status = 'refunded' WHERE id = ? AND status = 'paid' AND refunded_pence >= total_pence",
      )
      .bind(refund.order_id),
  ];
  if (refund.cancel_order === 1) statements.push(...cancelStatements(db, refund.order_id, refund.created_by ?? 0));
  return statements;
}

/** Stripe could not refund it: the row says why, staff see it on the order, the customer hears nothing. */
function refundFailedStatements(
  db: D1Database,
  change: { refundId: number; stripeRefundId: string | null; error: string },
  guard: Guard = null,
): D1PreparedStatement[] {
  const g = clause(guard);
  return [
    db
      .prepare(
        `UPDATE refunds SET status = 'failed', error = ?, stripe_refund_id = coalesce(?, stripe_refund_id),
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ? AND status = 'pending' AND ${g.sql}`,
      )
      .bind(change.error, change.stripeRefundId, change.refundId, ...g.binds),
  ];
}

/** Cancels and gives back stock and the slot, once (the `stock_returned` flag guards every step). */
function cancelStatements(db: D1Database, orderId: number, actorId: number | null): D1PreparedStatement[] {
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
    catalogChangeStatement(db, { sql: notYetReturned, binds: [orderId] }),
    db.prepare("UPDATE orders SET stock_returned = 1 WHERE id = ?").bind(orderId),
  ];
}
