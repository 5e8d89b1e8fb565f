import { and, eq, or } from "drizzle-orm";
import type Stripe from "stripe";
import { orders, stripeEvents } from "../../../database/schema";
import { enqueueOrderEmails } from "../email/enqueue.server";
import {
  flagAmountMismatchStatements,
  flagDisputeStatements,
  type Guard,
  markAwaitingPaymentStatements,
  markPaidStatements,
  type Query,
  recordStripeRefundStatements,
  releaseReservationStatements,
} from "../orders/payment-transitions.server";
import { applyRefundOutcome } from "../orders/refund.server";
import { rowsChanged, runBatch } from "../platform/db.server";
import { publicOrigin, type RequestContext } from "../platform/request-context.server";
import { promotionCodeOfStripeId } from "../promotions/promotions.server";

type WebhookContext = Pick<RequestContext, "db" | "kv" | "env" | "bindings" | "logger" | "url">;

export type WebhookOutcome = "processed" | "duplicate" | "ignored";

const HANDLED = new Set([
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "charge.refunded",
  "charge.dispute.created",
  "refund.updated",
  "refund.failed",
  "charge.refund.updated",
]);

/** Events about one refund: its outcome moves our refund row (orders/refund.server.ts). */
const REFUND_EVENTS = new Set(["refund.updated", "refund.failed", "charge.refund.updated"]);

/** What an event changes: statements for the one batch, and what to do once it has committed. */
type Effects = { statements: Query[]; orderId: number | null };

/**
 * Applies one verified Stripe event. Stripe delivers at least once, late, out of order and
 * concurrently, and a Worker can die at any moment. So the event's effects and the record of the
 * event are ONE D1 batch (one transaction): every effect is guarded by "this event is not yet
 * recorded", and recording it is the last statement. A repeat finds it recorded and changes
 * nothing ("duplicate"); a crash before the commit leaves nothing behind, and Stripe's retry
 * applies it all. Every state change is also a conditional UPDATE that only moves an order
 * forward, so any order of different events is safe.
 */
export async function handleStripeEvent(ctx: WebhookContext, event: Stripe.Event): Promise<WebhookOutcome> {
  if (!HANDLED.has(event.type)) return "ignored";
  const guard: Guard = { unrecordedEventId: event.id };
  const record = ctx.db
    .insert(stripeEvents)
    .values({ id: event.id, type: event.type })
    .onConflictDoNothing({ target: stripeEvents.id })
    .returning({ id: stripeEvents.id });
  if (REFUND_EVENTS.has(event.type)) {
    const refund = event.data.object as Stripe.Refund;
    const { recorded } = await applyRefundOutcome(
      ctx,
      {
        stripeRefundId: refund.id,
        status: event.type === "refund.failed" ? "failed" : (refund.status ?? "pending"),
        failureReason: refund.failure_reason ?? null,
        // Stripe posts to the shop's own address, so locally the request's origin is the shop's.
        origin: publicOrigin(ctx),
      },
      { record, guard },
    );
    return recorded ? "processed" : "duplicate";
  }
  const effects = await effectsOf(ctx, event, guard);
  const results = await runBatch(ctx.db, [...effects.statements, record]);
  if (rowsChanged(results.at(-1)) === 0) return "duplicate";

  // After the commit: outside D1, safe to miss (the cron re-queues stuck emails).
  if (effects.orderId !== null) await enqueueOrderEmails(ctx, effects.orderId);
  return "processed";
}

async function effectsOf(ctx: WebhookContext, event: Stripe.Event, guard: Guard): Promise<Effects> {
  const none: Effects = { statements: [], orderId: null };
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      const orderId = await orderIdForSession(ctx, session);
      if (!orderId) return none;
      if (session.payment_status === "unpaid") {
        return { statements: markAwaitingPaymentStatements(ctx.db, orderId, guard), orderId: null };
      }
      if (!(await amountMatches(ctx, orderId, session))) {
        // Money arrived, but not the money this order expects: never shown as paid; held and
        // flagged for staff, with its stock kept, rather than lost or confirmed.
        ctx.logger.warn("stripe amount mismatch", { orderId, session: session.id, amount: session.amount_total });
        const reason = `Stripe took ${session.amount_total ?? "?"} ${session.currency ?? "?"} (minor units).`;
        return {
          statements: flagAmountMismatchStatements(ctx.db, orderId, reason, guard),
          orderId: null,
        };
      }
      return {
        statements: markPaidStatements(
          ctx.db,
          orderId,
          paymentIntentId(session),
          guard,
          await discountOf(ctx, session),
        ),
        orderId,
      };
    }
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired": {
      const orderId = await orderIdForSession(ctx, event.data.object);
      if (!orderId) return none;
      return { statements: releaseReservationStatements(ctx.db, orderId, guard), orderId: null };
    }
    case "charge.refunded": {
      const charge = event.data.object;
      if (typeof charge.payment_intent !== "string") return none;
      const refund = {
        paymentIntent: charge.payment_intent,
        amountRefunded: charge.amount_refunded ?? 0,
        fullyRefunded: charge.refunded === true,
      };
      return { statements: recordStripeRefundStatements(ctx.db, refund, guard), orderId: null };
    }
    case "charge.dispute.created": {
      const dispute = event.data.object;
      const intent = typeof dispute.payment_intent === "string" ? dispute.payment_intent : dispute.payment_intent?.id;
      if (!intent) return none;
      return { statements: flagDisputeStatements(ctx.db, intent, guard), orderId: null };
    }
  }
  return none;
}

/**
 * Whether Stripe took what the order expects: its goods and delivery less the discount Stripe
 * applied (never negative, never more than the order), in its currency.
 */
async function amountMatches(ctx: WebhookContext, orderId: number, session: Stripe.Checkout.Session): Promise<boolean> {
  const order = await ctx.db
    .select({
      subtotalPence: orders.subtotalPence,
      deliveryFeePence: orders.deliveryFeePence,
      currency: orders.currency,
    })
    .from(orders)
    .where(eq(orders.id, orderId))
    .get();
  if (!order) return false;
  const before = order.subtotalPence + order.deliveryFeePence;
  const discount = session.total_details?.amount_discount ?? 0;
  return (
    discount >= 0 &&
    discount <= before &&
    session.amount_total === before - discount &&
    (session.currency ?? "").toLowerCase() === order.currency.toLowerCase()
  );
}

/** The discount on a completed session, with our name for the promotion code Stripe applied (if ours). */
async function discountOf(ctx: WebhookContext, session: Stripe.Checkout.Session) {
  const pence = session.total_details?.amount_discount ?? 0;
  const applied = session.discounts?.[0]?.promotion_code;
  const stripeId = typeof applied === "string" ? applied : (applied?.id ?? null);
  return { pence, code: stripeId ? await promotionCodeOfStripeId(ctx, stripeId) : null };
}

function paymentIntentId(session: Stripe.Checkout.Session): string | null {
  return typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null);
}

async function orderIdForSession(ctx: WebhookContext, session: Stripe.Checkout.Session): Promise<number | null> {
  const row = await ctx.db
    .select({ id: orders.id })
    .from(orders)
    .where(
      or(
        eq(orders.stripeSessionId, session.id),
        and(
          eq(orders.id, Number(session.metadata?.order_id ?? 0)),
          eq(orders.number, session.client_reference_id ?? ""),
        ),
      ),
    )
    .get();
  if (!row) ctx.logger.warn("stripe event for an unknown order", { session: session.id });
  return row?.id ?? null;
}
