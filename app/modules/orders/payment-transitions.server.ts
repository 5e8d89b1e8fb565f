import type { OrderFlagKind } from "../../../database/schema";
import { catalogChangeStatement, publishCatalogChange } from "../cache/catalog-changes.server";
import { shopLocalDateTime } from "../checkout/slots";
import type { RequestContext } from "../platform/request-context.server";

type D1 = RequestContext["db"]["$client"];

/**
 * An extra condition every statement of a transition carries, with its bound values. The Stripe
 * webhook uses it to make an event's effects and the record of the event one transaction: each
 * effect runs only while the event is not yet recorded, and the record is the batch's last
 * statement. A crash before the batch commits leaves nothing; Stripe's retry applies it all.
 */
export type Guard = { unrecordedEventId: string } | null;

/** A guard as SQL, with its one bound value at `placeholder` ("?" or a numbered "?N"); "1" without one. */
export function clause(guard: Guard, placeholder = "?"): { sql: string; binds: string[] } {
  return guard
    ? { sql: `NOT EXISTS (SELECT 1 FROM stripe_events WHERE id = ${placeholder})`, binds: [guard.unrecordedEventId] }
    : { sql: "1", binds: [] };
}

const now = () => new Date().toISOString();

/**
 * Payment axis of an order's life (docs/decisions/010-order-state-machine.md):
 *   pending → awaiting_payment   a bank payment is on its way (the reservation is kept)
 *   pending | awaiting_payment | expired → paid   money arrived (flagged if the stock was released)
 *   pending | awaiting_payment → expired          abandoned, failed or lapsed: stock and slot return once
 * Each is one conditional UPDATE (plus its effects) that only moves forward, so duplicates, races
 * and any order of events are safe. These build the statements; callers run them in one batch.
 */
export function markAwaitingPaymentStatements(d1: D1, orderId: number, guard: Guard = null): D1PreparedStatement[] {
  const g = clause(guard);
  return [
    d1
      .prepare(
        `UPDATE orders SET status = 'awaiting_payment', updated_at = ?
         WHERE id = ? AND status = 'pending' AND reservation_released = 0 AND ${g.sql}`,
      )
      .bind(now(), orderId, ...g.binds),
  ];
}

/**
 * Paid is final. A payment for an order whose reservation already lapsed is still recorded as paid
 * (never lose money) and flagged, because its stock went back on sale. Whatever Stripe already said
 * about the payment intent (a refund or dispute that arrived first) is applied at once. The
 * confirmation email's outbox row and the basket's clean-up happen in the same transaction.
 */
export function markPaidStatements(
  d1: D1,
  orderId: number,
  paymentIntent: string | null,
  guard: Guard = null,
): D1PreparedStatement[] {
  const at = now();
  const today = shopLocalDateTime(new Date(at)).slice(0, 10);
  const g = clause(guard);
  const numbered = clause(guard, "?4");
  return [
    d1
      .prepare(
        `UPDATE orders SET status = 'paid', paid_at = ?1, updated_at = ?1,
           stripe_payment_intent_id = coalesce(?2, stripe_payment_intent_id)
         WHERE id = ?3 AND status IN ('pending', 'awaiting_payment', 'expired') AND ${numbered.sql}`,
      )
      .bind(at, paymentIntent, orderId, ...numbered.binds),
    // Only when the UPDATE above just made it paid (its paid_at is this moment's).
    d1
      .prepare(
        `INSERT INTO order_flags (order_id, kind, reason)
         SELECT id, 'paid_after_expiry', 'Stripe reported the payment after the reservation had lapsed.' FROM orders
         WHERE id = ? AND status = 'paid' AND paid_at = ? AND reservation_released = 1
         ON CONFLICT DO NOTHING`,
      )
      .bind(orderId, at),
    // A bank payment can settle days later: after the bake day it was for, staff must act.
    d1
      .prepare(
        `INSERT INTO order_flags (order_id, kind, reason)
         SELECT id, 'paid_after_bake_day', 'Paid on ' || ? || ', after the bake day ' || slot_date || '.' FROM orders
         WHERE id = ? AND status = 'paid' AND paid_at = ? AND slot_date < ?
         ON CONFLICT DO NOTHING`,
      )
      .bind(today, orderId, at, today),
    ...applyKnownChargeStatements(d1, orderId),
    d1
      .prepare(
        `INSERT INTO email_outbox (kind, order_id, recipient, subject)
         SELECT 'order-confirmation', id, email, 'Your Band of Bakers order ' || number FROM orders
         WHERE id = ? AND status = 'paid' AND ${g.sql}
         ON CONFLICT (order_id, kind) DO NOTHING`,
      )
      .bind(orderId, ...g.binds),
    // The basket has become an order.
    d1
      .prepare(
        `DELETE FROM basket_items
         WHERE basket_id = (SELECT basket_id FROM orders WHERE id = ? AND status = 'paid') AND ${g.sql}`,
      )
      .bind(orderId, ...g.binds),
  ];
}

/**
 * Gives an unpaid order's stock and slot back, exactly once: every statement is guarded by "this
 * order is unpaid and not yet released", and the last one marks it released, all in one
 * transaction, so a webhook, the cron and a repeated checkout racing to release it cannot both
 * succeed. The last statement's row count says whether this call released it.
 */
export function releaseReservationStatements(d1: D1, orderId: number, guard: Guard = null): D1PreparedStatement[] {
  const g = clause(guard);
  const unreleased = `EXISTS (SELECT 1 FROM orders WHERE id = ? AND reservation_released = 0
    AND status IN ('pending', 'awaiting_payment')) AND ${g.sql}`;
  return [
    d1
      .prepare(
        `UPDATE products SET stock = stock + (
           SELECT oi.quantity FROM order_items oi WHERE oi.order_id = ? AND oi.product_id = products.id)
         WHERE id IN (SELECT product_id FROM order_items WHERE order_id = ?) AND ${unreleased}`,
      )
      .bind(orderId, orderId, orderId, ...g.binds),
    d1
      .prepare(
        `UPDATE slot_bookings SET booked = booked - 1
         WHERE (slot_date, slot_time) = (SELECT slot_date, slot_time FROM orders WHERE id = ?) AND ${unreleased}`,
      )
      .bind(orderId, orderId, ...g.binds),
    catalogChangeStatement(d1, { sql: unreleased, binds: [orderId, ...g.binds] }),
    d1
      .prepare(
        `UPDATE orders SET reservation_released = 1, updated_at = ?, status = 'expired'
         WHERE id = ? AND reservation_released = 0 AND status IN ('pending', 'awaiting_payment') AND ${g.sql}`,
      )
      .bind(now(), orderId, ...g.binds),
  ];
}

/** Releases an unpaid order's reservation on its own; returns whether this call released it. */
export async function releaseReservation(
  ctx: Pick<RequestContext, "db" | "kv" | "env" | "logger">,
  orderId: number,
): Promise<boolean> {
  const d1 = ctx.db.$client;
  const results = await d1.batch(releaseReservationStatements(d1, orderId));
  // Stock shown on pages changed: the KV mirror of the catalogue version follows.
  await publishCatalogChange(ctx, results);
  return (results.at(-1)?.meta.changes ?? 0) > 0;
}

/**
 * What Stripe says about a charge's refunds, recorded against its payment intent whether or not an
 * order knows it yet (a refund can arrive before the payment's completion event), then applied to
 * the order that has it. Refunds made in the Stripe dashboard show in the admin too: the refunded
 * amount only grows (max), and a full refund marks the order refunded. Refunds made from the admin
 * already set both.
 */
export function recordStripeRefundStatements(
  d1: D1,
  charge: { paymentIntent: string; amountRefunded: number; fullyRefunded: boolean },
  guard: Guard = null,
): D1PreparedStatement[] {
  const g = clause(guard, "?4");
  return [
    d1
      .prepare(
        `INSERT INTO stripe_payment_intents (id, amount_refunded, fully_refunded, updated_at)
         SELECT ?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE ${g.sql}
         ON CONFLICT (id) DO UPDATE SET amount_refunded = max(amount_refunded, excluded.amount_refunded),
           fully_refunded = max(fully_refunded, excluded.fully_refunded), updated_at = excluded.updated_at`,
      )
      .bind(charge.paymentIntent, charge.amountRefunded, charge.fullyRefunded ? 1 : 0, ...g.binds),
    ...applyChargeToOrderStatements(d1, "stripe_payment_intent_id = ?", [charge.paymentIntent], guard),
  ];
}

/** A dispute opened at Stripe: recorded against the payment intent, and the order flagged. */
export function flagDisputeStatements(d1: D1, paymentIntent: string, guard: Guard = null): D1PreparedStatement[] {
  const g = clause(guard, "?2");
  return [
    d1
      .prepare(
        `INSERT INTO stripe_payment_intents (id, disputed_at, updated_at)
         SELECT ?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE ${g.sql}
         ON CONFLICT (id) DO UPDATE SET disputed_at = coalesce(disputed_at, excluded.disputed_at),
           updated_at = excluded.updated_at`,
      )
      .bind(paymentIntent, ...g.binds),
    ...applyChargeToOrderStatements(d1, "stripe_payment_intent_id = ?", [paymentIntent], guard),
  ];
}

/** Applies what is recorded about the order's payment intent (used the moment it becomes paid). */
function applyKnownChargeStatements(d1: D1, orderId: number): D1PreparedStatement[] {
  return applyChargeToOrderStatements(d1, "id = ?", [orderId], null);
}

/**
 * Brings an order (chosen by `where`) up to what Stripe has said about its payment intent: the
 * refunded amount, refunded in full, and an open dispute flag. Idempotent, and order-independent:
 * it reads the recorded state, whichever event wrote it first.
 */
function applyChargeToOrderStatements(d1: D1, where: string, binds: unknown[], guard: Guard): D1PreparedStatement[] {
  const g = clause(guard);
  const known = "(SELECT %s FROM stripe_payment_intents WHERE id = orders.stripe_payment_intent_id)";
  return [
    d1
      .prepare(
        `UPDATE orders SET
           refunded_pence = max(refunded_pence, coalesce(${known.replace("%s", "amount_refunded")}, 0)),
           status = CASE WHEN coalesce(${known.replace("%s", "fully_refunded")}, 0) = 1 AND status = 'paid'
             THEN 'refunded' ELSE status END,
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE ${where} AND status IN ('paid', 'refunded') AND stripe_payment_intent_id IS NOT NULL AND ${g.sql}`,
      )
      .bind(...binds, ...g.binds),
    d1
      .prepare(
        `INSERT INTO order_flags (order_id, kind, reason)
         SELECT id, 'dispute', 'The customer disputed the payment with their bank.' FROM orders
         WHERE ${where} AND ${known.replace("%s", "disputed_at")} IS NOT NULL AND ${g.sql}
         ON CONFLICT DO NOTHING`,
      )
      .bind(...binds, ...g.binds),
  ];
}

/** Raises a flag of this kind on an order, unless one is already open. */
export function raiseFlagStatement(
  d1: D1,
  orderId: number,
  kind: OrderFlagKind,
  reason: string,
  guard: Guard = null,
): D1PreparedStatement {
  const g = clause(guard);
  return d1
    .prepare(`INSERT INTO order_flags (order_id, kind, reason) SELECT ?, ?, ? WHERE ${g.sql} ON CONFLICT DO NOTHING`)
    .bind(orderId, kind, reason, ...g.binds);
}

/**
 * A completed payment for the wrong amount or currency: not paid. The order waits (its stock and
 * slot kept, never released by the cron) with a flag for staff to settle with the customer.
 */
export function flagAmountMismatchStatements(
  d1: D1,
  orderId: number,
  reason: string,
  guard: Guard = null,
): D1PreparedStatement[] {
  const g = clause(guard);
  return [
    d1
      .prepare(
        `UPDATE orders SET status = 'awaiting_payment', updated_at = ?
         WHERE id = ? AND status IN ('pending', 'awaiting_payment') AND ${g.sql}`,
      )
      .bind(now(), orderId, ...g.binds),
    raiseFlagStatement(d1, orderId, "amount_mismatch", reason, guard),
  ];
}
