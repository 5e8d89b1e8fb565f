import { and, asc, between, count, desc, eq, gte, inArray, isNull, lt, ne, type SQL, sql, sum } from "drizzle-orm";
import { emailOutbox, orderItems, orders } from "../../../database/schema";
import type { Database } from "./db.server";

/**
 * The queries that run on every shop page, every checkout, every Stripe webhook and every cron
 * run against tables that grow with trade (decision 018). Each is the builder the code itself
 * calls, so `tests/worker/query-plans.test.ts` checks what production runs: over a database with
 * thousands of orders, `EXPLAIN QUERY PLAN` must show no full scan of a growing table. A new hot
 * query goes here, with the index it needs in a migration.
 */

/**
 * An order holds its lines' share of its bake day's plan until its reservation is released
 * (abandoned or expired) or, once paid, until it is cancelled and its stock returned.
 */
export const holdsItsBakeDay: SQL = and(eq(orders.reservationReleased, false), eq(orders.stockReturned, false)) as SQL;

/** Every shop page (availability is read live): what orders hold per product, size and bake day. */
export function heldPerBakeDay(db: Database, dates: { from: string; to: string }, productIds?: readonly number[]) {
  return db
    .select({
      productId: orderItems.productId,
      variantId: orderItems.variantId,
      date: orders.slotDate,
      quantity: sum(orderItems.quantity).mapWith(Number),
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(
      and(
        holdsItsBakeDay,
        between(orders.slotDate, dates.from, dates.to),
        productIds ? inArray(orderItems.productId, [...productIds]) : undefined,
      ),
    )
    .groupBy(orderItems.productId, orderItems.variantId, orders.slotDate);
}

/** Every checkout: this basket's earlier checkouts still waiting for payment (they are abandoned). */
export function basketAwaitingPayment(db: Database, basketId: string) {
  return db
    .select({ id: orders.id, stripeSessionId: orders.stripeSessionId })
    .from(orders)
    .where(and(eq(orders.basketId, basketId), eq(orders.status, "pending"), eq(orders.reservationReleased, false)));
}

/** Refund and dispute webhooks: the orders a payment intent paid for. */
export function ordersOfPaymentIntent(db: Database, paymentIntent: string) {
  return db.select({ id: orders.id }).from(orders).where(eq(orders.stripePaymentIntentId, paymentIntent));
}

/** The order a checkout session or an order number names (webhooks, order pages, emails). */
export function orderWhere(where: { stripeSessionId: string } | { id: number } | { number: string }) {
  return "stripeSessionId" in where
    ? eq(orders.stripeSessionId, where.stripeSessionId)
    : "id" in where
      ? eq(orders.id, where.id)
      : eq(orders.number, where.number);
}

/** The cron, every five minutes: unpaid reservations past their expiry (and its grace). */
export function expiredReservations(db: Database, cutoff: string) {
  return db
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(eq(orders.status, "pending"), eq(orders.reservationReleased, false), lt(orders.reservationExpiresAt, cutoff)),
    )
    .orderBy(asc(orders.id))
    .limit(200);
}

/** The cron: emails whose queue message was lost. */
export function stuckEmails(db: Database, cutoff: string) {
  return db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.status, "queued"),
        lt(sql`coalesce(${emailOutbox.nextAttemptAt}, ${emailOutbox.updatedAt})`, cutoff),
        // A newsletter's copies go in batches; the cron resumes those by the newsletter.
        isNull(emailOutbox.newsletterId),
      ),
    )
    .limit(100);
}

/** The dashboard: takings per day since a date (paid less refunded). */
export function salesSince(db: Database, firstDate: string) {
  const day = sql<string>`substr(${orders.paidAt}, 1, 10)`;
  return db
    .select({
      date: day,
      totalPence: sql<number>`coalesce(sum(${orders.totalPence} - ${orders.refundedPence}), 0)`.mapWith(Number),
      /** What promotion codes took off (decision 030). */
      discountPence: sql<number>`coalesce(sum(${orders.discountPence}), 0)`.mapWith(Number),
      orders: count(),
    })
    .from(orders)
    .where(and(gte(orders.paidAt, `${firstDate}T00:00:00`), inArray(orders.status, ["paid", "refunded"])))
    .groupBy(day);
}

/** An account's order history. */
export function ordersOfUser(db: Database, userId: number) {
  return db
    .select({
      number: orders.number,
      status: orders.status,
      totalPence: orders.totalPence,
      currency: orders.currency,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .where(and(eq(orders.userId, userId), ne(orders.status, "expired")))
    .orderBy(desc(orders.id))
    .limit(100);
}
