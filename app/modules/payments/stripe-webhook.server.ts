import type Stripe from "stripe";
import { releaseReservation } from "../checkout/reserve-order.server";
import { enqueueOrderEmails } from "../email/enqueue.server";
import type { RequestContext } from "../platform/request-context.server";

type WebhookContext = Pick<RequestContext, "db" | "kv" | "env" | "bindings" | "logger">;

export type WebhookOutcome = "processed" | "duplicate" | "ignored";

const HANDLED = new Set([
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "charge.refunded",
  "charge.dispute.created",
]);

/**
 * Applies one verified Stripe event. Stripe delivers at least once, late and out of order:
 * the event id is recorded first (a repeat is answered "duplicate"), and every state change is a
 * conditional UPDATE that only moves an order forward, so replays and races cannot undo a payment.
 */
export async function handleStripeEvent(ctx: WebhookContext, event: Stripe.Event): Promise<WebhookOutcome> {
  if (!HANDLED.has(event.type)) return "ignored";
  const d1 = ctx.db.$client;
  const recorded = await d1
    .prepare("INSERT INTO stripe_events (id, type) VALUES (?, ?) ON CONFLICT (id) DO NOTHING RETURNING id")
    .bind(event.id, event.type)
    .first();
  if (!recorded) return "duplicate";

  try {
    await applyEvent(ctx, event);
    return "processed";
  } catch (error) {
    // Forget the event so Stripe's retry gets another go.
    await d1.prepare("DELETE FROM stripe_events WHERE id = ?").bind(event.id).run();
    throw error;
  }
}

async function applyEvent(ctx: WebhookContext, event: Stripe.Event) {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      const orderId = await orderIdForSession(ctx, session);
      if (!orderId) return;
      if (session.payment_status === "unpaid") return markAwaitingPayment(ctx, orderId);
      return markPaid(ctx, orderId, paymentIntentId(session));
    }
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired": {
      const orderId = await orderIdForSession(ctx, event.data.object);
      if (orderId) await releaseReservation(ctx, orderId, "expired");
      return;
    }
    case "charge.refunded": {
      const charge = event.data.object;
      if (typeof charge.payment_intent !== "string") return;
      // Refunds made in the Stripe dashboard show in the admin too: the refunded amount only
      // grows (max), and a full refund marks the order refunded. Refunds made from the admin
      // already set both, so this changes nothing for them.
      await ctx.db.$client
        .prepare(
          `UPDATE orders SET refunded_pence = max(refunded_pence, ?1),
             status = CASE WHEN ?2 = 1 AND status = 'paid' THEN 'refunded' ELSE status END, updated_at = ?3
           WHERE stripe_payment_intent_id = ?4 AND status IN ('paid', 'refunded')`,
        )
        .bind(charge.amount_refunded ?? 0, charge.refunded ? 1 : 0, new Date().toISOString(), charge.payment_intent)
        .run();
      return;
    }
    case "charge.dispute.created": {
      const dispute = event.data.object;
      const intent = typeof dispute.payment_intent === "string" ? dispute.payment_intent : dispute.payment_intent?.id;
      if (!intent) return;
      await ctx.db.$client
        .prepare("UPDATE orders SET flag = 'dispute', updated_at = ? WHERE stripe_payment_intent_id = ?")
        .bind(new Date().toISOString(), intent)
        .run();
      return;
    }
  }
}

function paymentIntentId(session: Stripe.Checkout.Session): string | null {
  return typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null);
}

async function orderIdForSession(ctx: WebhookContext, session: Stripe.Checkout.Session): Promise<number | null> {
  const row = await ctx.db.$client
    .prepare("SELECT id FROM orders WHERE stripe_session_id = ? OR (id = ? AND number = ?)")
    .bind(session.id, Number(session.metadata?.order_id ?? 0), session.client_reference_id ?? "")
    .first<{ id: number }>();
  if (!row) ctx.logger.warn("stripe event for an unknown order", { session: session.id });
  return row?.id ?? null;
}

async function markAwaitingPayment(ctx: WebhookContext, orderId: number) {
  await ctx.db.$client
    .prepare("UPDATE orders SET status = 'awaiting_payment', updated_at = ? WHERE id = ? AND status = 'pending'")
    .bind(new Date().toISOString(), orderId)
    .run();
}

/**
 * Paid is final. A payment for an order whose reservation already lapsed is still recorded as
 * paid (never lose money) and flagged, because its stock went back on sale.
 */
async function markPaid(ctx: WebhookContext, orderId: number, paymentIntent: string | null) {
  const d1 = ctx.db.$client;
  const now = new Date().toISOString();
  await d1.batch([
    d1
      .prepare(
        `UPDATE orders SET status = 'paid', paid_at = ?, updated_at = ?, stripe_payment_intent_id = coalesce(?, stripe_payment_intent_id),
           flag = CASE WHEN reservation_released = 1 THEN 'paid_after_expiry' ELSE flag END
         WHERE id = ? AND status IN ('pending', 'awaiting_payment', 'expired')`,
      )
      .bind(now, now, paymentIntent, orderId),
    d1
      .prepare(
        `INSERT INTO email_outbox (kind, order_id, recipient, subject)
         SELECT 'order-confirmation', id, email, 'Your Band of Bakers order ' || number FROM orders
         WHERE id = ? AND status = 'paid'
         ON CONFLICT (order_id, kind) DO NOTHING`,
      )
      .bind(orderId),
    // The basket has become an order.
    d1
      .prepare(
        "DELETE FROM basket_items WHERE basket_id = (SELECT basket_id FROM orders WHERE id = ? AND status = 'paid')",
      )
      .bind(orderId),
  ]);
  await enqueueOrderEmails(ctx, orderId);
}
