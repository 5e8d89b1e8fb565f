import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { orderItems, orders } from "../../../database/schema";
import { type Database, sqlNow } from "../platform/db.server";

/** What an erased customer's orders say instead of their name. */
export const ERASED_NAME = "Deleted customer";

/** Whose orders: an account's (by id) and any placed with its address, signed in or not. */
export function ordersOf(subject: { userId: number | null; email: string }): SQL {
  const byEmail = sql`lower(${orders.email}) = ${subject.email.toLowerCase()}`;
  return subject.userId === null ? byEmail : (or(eq(orders.userId, subject.userId), byEmail) as SQL);
}

/**
 * True while any of the subject's orders is unpaid, awaiting a bank payment, or paid and not yet
 * collected, delivered or cancelled: the shop still needs their name and address to bake, hand
 * over or deliver it, so erasure waits.
 */
export function hasOpenOrders(subject: { userId: number | null; email: string }): SQL {
  return sql`EXISTS (SELECT 1 FROM ${orders} WHERE ${ordersOf(subject)} AND (${inArray(orders.status, [
    "pending",
    "awaiting_payment",
  ])} OR (${orders.status} = 'paid' AND ${orders.fulfilmentStatus} NOT IN ('collected', 'delivered', 'cancelled'))))`;
}

/**
 * The order statements of an erasure (decision 027), each only while `guard` holds: the name,
 * email (the `placeholder`, unique to this erasure), phone, delivery address, the link that opened
 * the order page, and every personal message on its lines are removed. Numbers, dates, lines,
 * amounts, refunds and Stripe's ids stay: HMRC asks for six years of sales records, and a refund
 * or dispute after erasure still needs the payment.
 */
export function erasePersonalOrderFields(
  db: Database,
  subject: { userId: number | null; email: string },
  placeholder: string,
  guard: SQL,
) {
  return [
    db
      .update(orders)
      .set({
        name: ERASED_NAME,
        email: placeholder,
        phone: "",
        deliveryAddress: null,
        deliveryPostcode: null,
        accessToken: sql`lower(hex(randomblob(32)))`,
        basketId: null,
        clientKey: null,
        updatedAt: sqlNow,
      })
      .where(and(ordersOf(subject), guard)),
    // After the UPDATE above, the subject's orders are the ones with the placeholder.
    db
      .update(orderItems)
      .set({ message: "" })
      .where(
        and(
          inArray(orderItems.orderId, db.select({ id: orders.id }).from(orders).where(eq(orders.email, placeholder))),
          sql`${orderItems.message} <> ''`,
          guard,
        ),
      ),
  ];
}
