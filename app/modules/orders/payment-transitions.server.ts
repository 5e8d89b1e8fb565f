import { and, type Column, eq, inArray, isNotNull, lt, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import {
  basketItems,
  emailOutbox,
  type OrderFlagKind,
  type OrderStatus,
  orderFlags,
  orders,
  slotBookings,
  stripeEvents,
  stripePaymentIntents,
} from "../../../database/schema";
import { shopLocalDateTime } from "../checkout/slots";
import { subscribeFromPaidOrderStatement } from "../newsletter/subscribers.server";
import { bare, type Database, excluded, insertWhere, rowsChanged, runBatch, sqlNow } from "../platform/db.server";
import { ordersOfPaymentIntent } from "../platform/hot-queries.server";
import type { RequestContext } from "../platform/request-context.server";
import { releaseBakeDayStatements } from "../production/holds.server";
import { issueReceiptStatement } from "./vat-documents.server";

/** One statement of a transition, for `runBatch`. */
export type Query = BatchItem<"sqlite">;

/**
 * An extra condition every statement of a transition carries. The Stripe webhook uses it to make
 * an event's effects and the record of the event one transaction: each effect runs only while the
 * event is not yet recorded, and the record is the batch's last statement. A crash before the
 * batch commits leaves nothing; Stripe's retry applies it all.
 */
export type Guard = { unrecordedEventId: string } | null;

/** A guard as a SQL condition; always true without one. */
export function clause(guard: Guard): SQL {
  return guard
    ? sql`NOT EXISTS (SELECT 1 FROM ${stripeEvents} WHERE ${stripeEvents.id} = ${guard.unrecordedEventId})`
    : sql`1`;
}

const now = () => new Date().toISOString();
const UNPAID: OrderStatus[] = ["pending", "awaiting_payment"];

/**
 * Payment axis of an order's life (docs/decisions/010-order-state-machine.md):
 *   pending → awaiting_payment   a bank payment is on its way (the reservation is kept)
 *   pending | awaiting_payment | expired → paid   money arrived (flagged if the stock was released)
 *   pending | awaiting_payment → expired          abandoned, failed or lapsed: stock and slot return once
 * Each is one conditional UPDATE (plus its effects) that only moves forward, so duplicates, races
 * and any order of events are safe. These build the queries; callers run them in one batch.
 */
export function markAwaitingPaymentStatements(db: Database, orderId: number, guard: Guard = null): Query[] {
  return [
    db
      .update(orders)
      .set({ status: "awaiting_payment", updatedAt: now() })
      .where(
        and(eq(orders.id, orderId), eq(orders.status, "pending"), eq(orders.reservationReleased, false), clause(guard)),
      ),
  ];
}

/**
 * Paid is final. A payment for an order whose reservation already lapsed is still recorded as paid
 * (never lose money) and flagged, because its stock went back on sale. Whatever Stripe already said
 * about the payment intent (a refund or dispute that arrived first) is applied at once. The
 * VAT receipt (for a VAT-registered sale), the confirmation email's outbox row and the basket's
 * clean-up happen in the same transaction.
 */
export function markPaidStatements(
  db: Database,
  orderId: number,
  paymentIntent: string | null,
  guard: Guard = null,
  /** What Stripe took off and the code that did it (decision 030): the order's total becomes what was paid. */
  discount: { pence: number; code: string | null } = { pence: 0, code: null },
): Query[] {
  const at = now();
  const today = shopLocalDateTime(new Date(at)).slice(0, 10);
  // Only when the UPDATE below just made it paid (its paid_at is this moment's).
  const justPaid = and(eq(orders.id, orderId), eq(orders.status, "paid"), eq(orders.paidAt, at));
  return [
    db
      .update(orders)
      .set({
        status: "paid",
        paidAt: at,
        updatedAt: at,
        stripePaymentIntentId: sql`coalesce(${paymentIntent}, ${orders.stripePaymentIntentId})`,
        discountPence: discount.pence,
        promotionCode: discount.code,
        totalPence: sql`${orders.subtotalPence} + ${orders.deliveryFeePence} - ${discount.pence}`,
      })
      .where(and(eq(orders.id, orderId), inArray(orders.status, [...UNPAID, "expired"]), clause(guard))),
    insertWhere(
      db,
      orderFlags,
      {
        orderId: orders.id,
        kind: "paid_after_expiry",
        reason: "Stripe reported the payment after the reservation had lapsed.",
      },
      {
        from: sql`${orders}`,
        where: and(justPaid, eq(orders.reservationReleased, true)) as SQL,
        onConflict: sql`DO NOTHING`,
      },
    ),
    // A bank payment can settle days later: after the bake day it was for, staff must act.
    insertWhere(
      db,
      orderFlags,
      {
        orderId: orders.id,
        kind: "paid_after_bake_day",
        reason: sql`'Paid on ' || ${today} || ', after the bake day ' || ${orders.slotDate} || '.'`,
      },
      { from: sql`${orders}`, where: and(justPaid, lt(orders.slotDate, today)) as SQL, onConflict: sql`DO NOTHING` },
    ),
    // Before a refund Stripe reported first can make it "refunded": the receipt is for the sale.
    issueReceiptStatement(db, orderId, clause(guard)),
    // The newsletter box ticked at checkout counts once the order is paid (decision 031).
    subscribeFromPaidOrderStatement(db, justPaid),
    ...applyChargeToOrderStatements(db, eq(orders.id, orderId), null),
    insertWhere(
      db,
      emailOutbox,
      {
        kind: "order-confirmation",
        orderId: orders.id,
        recipient: orders.email,
        subject: sql`'Your Band of Bakers order ' || ${orders.number}`,
      },
      {
        from: sql`${orders}`,
        where: and(eq(orders.id, orderId), eq(orders.status, "paid"), clause(guard)) as SQL,
        onConflict: sql`(${bare(emailOutbox.orderId)}, ${bare(emailOutbox.kind)}) DO NOTHING`,
      },
    ),
    // The basket has become an order.
    db
      .delete(basketItems)
      .where(
        and(
          eq(
            basketItems.basketId,
            sql`(SELECT ${orders.basketId} FROM ${orders} WHERE ${orders.id} = ${orderId} AND ${orders.status} = 'paid')`,
          ),
          clause(guard),
        ),
      ),
  ];
}

/**
 * Gives an unpaid order's stock and slot back, exactly once: every statement is guarded by "this
 * order is unpaid and not yet released", and the last one marks it released, all in one
 * transaction, so a webhook, the cron and a repeated checkout racing to release it cannot both
 * succeed. The last statement's row count says whether this call released it.
 */
export function releaseReservationStatements(db: Database, orderId: number, guard: Guard = null): Query[] {
  const unreleased = and(
    eq(orders.id, orderId),
    eq(orders.reservationReleased, false),
    inArray(orders.status, UNPAID),
    clause(guard),
  );
  const stillHeld = sql`EXISTS (SELECT 1 FROM ${orders} WHERE ${unreleased})`;
  return [
    ...giveBackStatements(db, orderId, stillHeld),
    db.update(orders).set({ reservationReleased: true, updatedAt: now(), status: "expired" }).where(unreleased),
  ];
}

/**
 * Puts an order's share of its bake day and its slot back, while `onlyIf` holds (each caller's "not yet given
 * back" guard): releasing an unpaid reservation here, cancelling a paid order in refunds.
 */
export function giveBackStatements(db: Database, orderId: number, onlyIf: SQL): Query[] {
  return [
    ...releaseBakeDayStatements(db, orderId, onlyIf),
    db
      .update(slotBookings)
      .set({ booked: sql`${slotBookings.booked} - 1` })
      .where(
        and(
          sql`(${slotBookings.slotDate}, ${slotBookings.slotTime}) =
            (SELECT ${orders.slotDate}, ${orders.slotTime} FROM ${orders} WHERE ${orders.id} = ${orderId})`,
          sql`${slotBookings.booked} > 0`,
          onlyIf,
        ),
      ),
  ];
}

/** Releases an unpaid order's reservation on its own; returns whether this call released it. */
export async function releaseReservation(
  ctx: Pick<RequestContext, "db" | "kv" | "env" | "logger">,
  orderId: number,
): Promise<boolean> {
  // How many are left is read live by pages (decision 018): nothing cached needs retiring.
  const results = await runBatch(ctx.db, releaseReservationStatements(ctx.db, orderId));
  return rowsChanged(results.at(-1)) > 0;
}

/**
 * What Stripe says about a charge's refunds, recorded against its payment intent whether or not an
 * order knows it yet (a refund can arrive before the payment's completion event), then applied to
 * the order that has it. Refunds made in the Stripe dashboard show in the admin too: the refunded
 * amount only grows (max), and a full refund marks the order refunded. Refunds made from the admin
 * already set both.
 */
export function recordStripeRefundStatements(
  db: Database,
  charge: { paymentIntent: string; amountRefunded: number; fullyRefunded: boolean },
  guard: Guard = null,
): Query[] {
  const intent = stripePaymentIntents;
  return [
    insertWhere(
      db,
      intent,
      {
        id: charge.paymentIntent,
        amountRefunded: charge.amountRefunded,
        fullyRefunded: charge.fullyRefunded,
        updatedAt: sqlNow,
      },
      {
        where: clause(guard),
        onConflict: sql`(${bare(intent.id)}) DO UPDATE SET
          ${bare(intent.amountRefunded)} = max(${bare(intent.amountRefunded)}, ${excluded(intent.amountRefunded)}),
          ${bare(intent.fullyRefunded)} = max(${bare(intent.fullyRefunded)}, ${excluded(intent.fullyRefunded)}),
          ${bare(intent.updatedAt)} = ${excluded(intent.updatedAt)}`,
      },
    ),
    ...applyChargeToOrderStatements(db, inArray(orders.id, ordersOfPaymentIntent(db, charge.paymentIntent)), guard),
  ];
}

/** A dispute opened at Stripe: recorded against the payment intent, and the order flagged. */
export function flagDisputeStatements(db: Database, paymentIntent: string, guard: Guard = null): Query[] {
  const intent = stripePaymentIntents;
  return [
    insertWhere(
      db,
      intent,
      { id: paymentIntent, disputedAt: sqlNow, updatedAt: sqlNow },
      {
        where: clause(guard),
        onConflict: sql`(${bare(intent.id)}) DO UPDATE SET
          ${bare(intent.disputedAt)} = coalesce(${bare(intent.disputedAt)}, ${excluded(intent.disputedAt)}),
          ${bare(intent.updatedAt)} = ${excluded(intent.updatedAt)}`,
      },
    ),
    ...applyChargeToOrderStatements(db, inArray(orders.id, ordersOfPaymentIntent(db, paymentIntent)), guard),
  ];
}

/**
 * Brings an order (chosen by `which`) up to what Stripe has said about its payment intent: the
 * refunded amount, refunded in full, and an open dispute flag. Idempotent, and order-independent:
 * it reads the recorded state, whichever event wrote it first.
 */
function applyChargeToOrderStatements(db: Database, which: SQL, guard: Guard): Query[] {
  const known = (column: Column) =>
    sql`(SELECT ${column} FROM ${stripePaymentIntents} WHERE ${stripePaymentIntents.id} = ${orders.stripePaymentIntentId})`;
  return [
    db
      .update(orders)
      .set({
        refundedPence: sql`max(${orders.refundedPence}, coalesce(${known(stripePaymentIntents.amountRefunded)}, 0))`,
        status: sql`CASE WHEN coalesce(${known(stripePaymentIntents.fullyRefunded)}, 0) = 1 AND ${orders.status} = 'paid'
          THEN 'refunded' ELSE ${orders.status} END`,
        updatedAt: sqlNow,
      })
      .where(
        and(
          which,
          inArray(orders.status, ["paid", "refunded"]),
          isNotNull(orders.stripePaymentIntentId),
          clause(guard),
        ),
      ),
    insertWhere(
      db,
      orderFlags,
      { orderId: orders.id, kind: "dispute", reason: "The customer disputed the payment with their bank." },
      {
        from: sql`${orders}`,
        where: and(which, sql`${known(stripePaymentIntents.disputedAt)} IS NOT NULL`, clause(guard)) as SQL,
        onConflict: sql`DO NOTHING`,
      },
    ),
  ];
}

/** Raises a flag of this kind on an order, unless one is already open. */
export function raiseFlagStatement(
  db: Database,
  orderId: number,
  kind: OrderFlagKind,
  reason: string,
  guard: Guard = null,
): Query {
  return insertWhere(db, orderFlags, { orderId, kind, reason }, { where: clause(guard), onConflict: sql`DO NOTHING` });
}

/**
 * A completed payment for the wrong amount or currency: not paid. The order waits (its stock and
 * slot kept, never released by the cron) with a flag for staff to settle with the customer.
 */
export function flagAmountMismatchStatements(
  db: Database,
  orderId: number,
  reason: string,
  guard: Guard = null,
): Query[] {
  return [
    db
      .update(orders)
      .set({ status: "awaiting_payment", updatedAt: now() })
      .where(and(eq(orders.id, orderId), inArray(orders.status, UNPAID), clause(guard))),
    raiseFlagStatement(db, orderId, "amount_mismatch", reason, guard),
  ];
}
