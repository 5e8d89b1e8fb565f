import { catalogVersionKey } from "../cache/keys";
import type { RequestContext } from "../platform/request-context.server";

type D1 = RequestContext["db"]["$client"];

/**
 * An extra condition every statement of a transition carries, with its bound values. The Stripe
 * webhook uses it to make an event's effects and the record of the event one transaction: each
 * effect runs only while the event is not yet recorded, and the record is the batch's last
 * statement. A crash before the batch commits leaves nothing; Stripe's retry applies it all.
 */
export type Guard = { unrecordedEventId: string } | null;

/** The guard's SQL, with its one bound value at `placeholder` ("?" or a numbered "?N"). */
function clause(guard: Guard, placeholder = "?"): { sql: string; binds: string[] } {
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
 * (never lose money) and flagged, because its stock went back on sale. The confirmation email's
 * outbox row and the basket's clean-up happen in the same transaction.
 */
export function markPaidStatements(
  d1: D1,
  orderId: number,
  paymentIntent: string | null,
  guard: Guard = null,
): D1PreparedStatement[] {
  const at = now();
  const g = clause(guard);
  const numbered = clause(guard, "?4");
  return [
    d1
      .prepare(
        `UPDATE orders SET status = 'paid', paid_at = ?1, updated_at = ?1,
           stripe_payment_intent_id = coalesce(?2, stripe_payment_intent_id),
           flag = CASE WHEN reservation_released = 1 THEN 'paid_after_expiry' ELSE flag END
         WHERE id = ?3 AND status IN ('pending', 'awaiting_payment', 'expired') AND ${numbered.sql}`,
      )
      .bind(at, paymentIntent, orderId, ...numbered.binds),
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
    d1
      .prepare(`UPDATE catalog_meta SET version = version + 1 WHERE id = 1 AND ${unreleased}`)
      .bind(orderId, ...g.binds),
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
  ctx: Pick<RequestContext, "db" | "kv" | "env">,
  orderId: number,
): Promise<boolean> {
  const d1 = ctx.db.$client;
  const results = await d1.batch(releaseReservationStatements(d1, orderId));
  const released = (results.at(-1)?.meta.changes ?? 0) > 0;
  // Stock shown on pages changed: the KV mirror of the catalogue version is retired.
  if (released) await ctx.kv.delete(catalogVersionKey(ctx.env.CACHE_NAMESPACE));
  return released;
}

/**
 * Refunds made in the Stripe dashboard show in the admin too: the refunded amount only grows
 * (max), and a full refund marks the order refunded. Refunds made from the admin already set both.
 */
export function recordStripeRefundStatements(
  d1: D1,
  charge: { paymentIntent: string; amountRefunded: number; fullyRefunded: boolean },
  guard: Guard = null,
): D1PreparedStatement[] {
  const numbered = clause(guard, "?5");
  return [
    d1
      .prepare(
        `UPDATE orders SET refunded_pence = max(refunded_pence, ?1),
           status = CASE WHEN ?2 = 1 AND status = 'paid' THEN 'refunded' ELSE status END, updated_at = ?3
         WHERE stripe_payment_intent_id = ?4 AND status IN ('paid', 'refunded') AND ${numbered.sql}`,
      )
      .bind(charge.amountRefunded, charge.fullyRefunded ? 1 : 0, now(), charge.paymentIntent, ...numbered.binds),
  ];
}

/**
 * A completed payment for the wrong amount or currency: not paid. The order waits (its stock and
 * slot kept, never released by the cron) with a flag for staff to settle with the customer.
 */
export function flagAmountMismatchStatements(d1: D1, orderId: number, guard: Guard = null): D1PreparedStatement[] {
  const g = clause(guard);
  return [
    d1
      .prepare(
        `UPDATE orders SET status = CASE WHEN status = 'pending' THEN 'awaiting_payment' ELSE status END,
           flag = 'amount_mismatch', updated_at = ?
         WHERE id = ? AND status IN ('pending', 'awaiting_payment') AND ${g.sql}`,
      )
      .bind(now(), orderId, ...g.binds),
  ];
}

/** A dispute opened at Stripe: the order is flagged for staff. */
export function flagDisputeStatements(d1: D1, paymentIntent: string, guard: Guard = null): D1PreparedStatement[] {
  const g = clause(guard);
  return [
    d1
      .prepare(`UPDATE orders SET flag = 'dispute', updated_at = ? WHERE stripe_payment_intent_id = ? AND ${g.sql}`)
      .bind(now(), paymentIntent, ...g.binds),
  ];
}
