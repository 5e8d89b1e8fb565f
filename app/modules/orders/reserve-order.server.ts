import { and, type Column, eq, sql } from "drizzle-orm";
import {
  bakeryDetails,
  basketItems,
  collectionWindows,
  orderItems,
  orders,
  products,
  shopWeekdays,
  slotBookings,
} from "../../../database/schema";
import { CHECKOUT_RESERVATION_MINUTES, DELIVERY_RULES } from "../../lib/constants";
import { choicesPriceDelta, choicesText, plannedVariant } from "../catalog/options.server";
import { generateAccessToken, generateOrderNumber } from "../checkout/order-number";
import { insertWhere } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { holdBakeDayStatements } from "../production/holds.server";
import { orderLines } from "./order-queries.server";
import { releaseReservation } from "./payment-transitions.server";

type ReserveContext = Pick<RequestContext, "db" | "kv" | "env" | "logger" | "now">;

export type CheckoutDetails = {
  name: string;
  email: string;
  phone: string;
  fulfilment: "collection" | "delivery";
  slotDate: string;
  slotTime: string;
  address: string | null;
  postcode: string | null;
  /** The signed-in account placing the order, if any. */
  userId?: number | null;
  /** Who is checking out, as `clientKeyFor` derives it: unpaid orders held at once are capped by it. */
  clientKey: string;
  /** The newsletter wording's version, if the shopper ticked it: subscribed when paid (decision 031). */
  newsletterConsent?: string | null;
};

export type ReservedOrder = {
  id: number;
  deliveryFeePence: number;
  number: string;
  accessToken: string;
  email: string;
  totalPence: number;
  currency: string;
  reservationExpiresAt: Date;
  items: { productId: number; name: string; unitPricePence: number; quantity: number; message: string }[];
};

export type ReserveResult =
  | { ok: true; order: ReservedOrder }
  | { ok: false; reason: "empty" }
  | { ok: false; reason: "slot-full" }
  /** The bake day's plan (or a capacity group's) cannot take the basket on the chosen day. */
  | { ok: false; reason: "day-full" }
  | { ok: false; reason: "too-many-pending" };

/**
 * Turns a basket into a pending order and holds its stock and slot in one atomic D1 batch.
 * The CHECK constraints (stock ≥ 0, booked ≤ capacity) make any over-reservation fail the whole
 * batch, so concurrent checkouts can never oversell: D1 runs each batch as one transaction.
 * The order row itself is only inserted while this client holds fewer unpaid orders than
 * `rateLimits.pendingOrders` allows; every later statement needs that row, so a refused checkout
 * holds nothing, and concurrent checkouts from one client cannot slip past the count.
 */
export async function reserveOrder(
  ctx: ReserveContext,
  basketId: string,
  details: CheckoutDetails,
  now = ctx.now(),
): Promise<ReserveResult> {
  const { db } = ctx;
  const number = generateOrderNumber();
  const accessToken = generateAccessToken();
  const expiresAt = new Date(now.getTime() + CHECKOUT_RESERVATION_MINUTES * 60_000);
  const fee = details.fulfilment === "delivery" ? DELIVERY_RULES.feePence : 0;
  const orderId = sql`(SELECT ${orders.id} FROM ${orders} WHERE ${orders.number} = ${number})`;
  const orderWritten = sql`EXISTS (SELECT 1 FROM ${orders} WHERE ${orders.number} = ${number})`;
  const unpaidHeldByClient = sql`(SELECT count(*) FROM ${orders} WHERE ${orders.clientKey} = ${details.clientKey}
    AND ${orders.status} = 'pending' AND ${orders.reservationReleased} = 0)`;

  try {
    await db.batch([
      insertWhere(
        db,
        orders,
        {
          number,
          accessToken,
          basketId,
          userId: details.userId ?? null,
          email: details.email,
          name: details.name,
          phone: details.phone,
          status: "pending",
          fulfilment: details.fulfilment,
          slotDate: details.slotDate,
          slotTime: details.slotTime,
          deliveryAddress: details.address,
          deliveryPostcode: details.postcode,
          deliveryFeePence: fee,
          reservationExpiresAt: expiresAt.toISOString(),
          clientKey: details.clientKey,
          vatNumber: registeredVatNumber,
          newsletterConsent: details.newsletterConsent ?? null,
        },
        { where: sql`${unpaidHeldByClient} < ${ctx.env.rateLimits.pendingOrders.limit}` },
      ),
      // Name, options and price snapshots, taken inside the same transaction as the holds: the
      // line's name carries its options ("Carrot Cake (Size: 8 inch)"), its price what they add.
      insertWhere(
        db,
        orderItems,
        {
          orderId,
          productId: products.id,
          name: sql`${products.name} || CASE WHEN ${choicesText(basketItems.choices)} = '' THEN ''
            ELSE ' (' || ${choicesText(basketItems.choices)} || ')' END`,
          unitPricePence: sql`${products.pricePence} + ${choicesPriceDelta(basketItems.choices)}`,
          quantity: basketItems.quantity,
          message: basketItems.message,
          variantId: plannedVariant(products.id, basketItems.choices),
          vatCategory: products.vatCategory,
          vatRateBps: vatRateNow(products.vatCategory),
        },
        {
          from: sql`${basketItems} JOIN ${products} ON ${products.id} = ${basketItems.productId} AND ${products.status} = 'active'`,
          where: sql`${basketItems.basketId} = ${basketId} AND ${orderId} IS NOT NULL`,
          orderBy: sql`${basketItems.addedAt}, ${basketItems.id}`,
        },
      ),
      // The day's plan and capacity groups: an oversell fails the batch (decision 017).
      ...holdBakeDayStatements(db, { id: orderId, number, bakeDate: details.slotDate }),
      db
        .insert(slotBookings)
        .values({ slotDate: details.slotDate, slotTime: details.slotTime, capacity: slotCapacityNow(details) })
        .onConflictDoNothing(),
      db
        .update(slotBookings)
        .set({ booked: sql`${slotBookings.booked} + 1` })
        .where(
          and(eq(slotBookings.slotDate, details.slotDate), eq(slotBookings.slotTime, details.slotTime), orderWritten),
        ),
      db
        .update(orders)
        .set({
          subtotalPence: sql`(SELECT coalesce(sum(${orderItems.unitPricePence} * ${orderItems.quantity}), 0)
            FROM ${orderItems} WHERE ${orderItems.orderId} = ${orders.id})`,
          totalPence: sql`${orders.deliveryFeePence} + (SELECT coalesce(sum(${orderItems.unitPricePence} * ${orderItems.quantity}), 0)
            FROM ${orderItems} WHERE ${orderItems.orderId} = ${orders.id})`,
        })
        .where(eq(orders.number, number)),
    ]);
  } catch (error) {
    const message = String(error);
    if (message.includes("slot_bookings_within_capacity")) return { ok: false, reason: "slot-full" };
    if (message.includes("day_holds_within_plan") || message.includes("group_day_holds_within_capacity")) {
      return { ok: false, reason: "day-full" };
    }
    throw error;
  }
  const order = await db
    .select({ id: orders.id, totalPence: orders.totalPence, currency: orders.currency })
    .from(orders)
    .where(eq(orders.number, number))
    .get();
  if (!order) return { ok: false, reason: "too-many-pending" };
  const items = await orderLines(ctx, order.id);
  if (items.length === 0) {
    // Every line vanished (products withdrawn) between the basket check and the batch.
    await releaseReservation(ctx, order.id);
    return { ok: false, reason: "empty" };
  }
  return {
    ok: true,
    order: {
      id: order.id,
      deliveryFeePence: fee,
      number,
      accessToken,
      email: details.email,
      totalPence: order.totalPence,
      currency: order.currency,
      reservationExpiresAt: expiresAt,
      items,
    },
  };
}

/**
 * The bakery's VAT number as the order is written, or null while it is not VAT-registered
 * (decision 028): read in the batch, so an order and its lines' rates agree with each other.
 */
const registeredVatNumber = sql<string | null>`(SELECT nullif(${bakeryDetails.vatNumber}, '') FROM ${bakeryDetails}
  WHERE ${bakeryDetails.id} = 1)`;

/** A category's rate as the bakery's settings say now; 0 while it is not VAT-registered. */
function vatRateNow(category: typeof products.vatCategory) {
  const setting = (rate: Column) => sql`(SELECT ${rate} FROM ${bakeryDetails} WHERE ${bakeryDetails.id} = 1)`;
  return sql<number>`CASE WHEN ${registeredVatNumber} IS NULL THEN 0
    WHEN ${category} = 'standard' THEN ${setting(bakeryDetails.vatStandardRateBps)}
    WHEN ${category} = 'reduced' THEN ${setting(bakeryDetails.vatReducedRateBps)}
    ELSE 0 END`;
}

/**
 * A slot's capacity as the calendar says at the moment its first order is written: the window's,
 * or the weekday's deliveries (0, so refused, for a window or day that no longer exists).
 */
function slotCapacityNow(slot: { slotDate: string; slotTime: string }) {
  return slot.slotTime === "delivery"
    ? sql<number>`coalesce((SELECT ${shopWeekdays.deliveryCapacity} FROM ${shopWeekdays}
        WHERE ${shopWeekdays.weekday} = CAST(strftime('%w', ${slot.slotDate}) AS INTEGER)), 0)`
    : sql<number>`coalesce((SELECT ${collectionWindows.capacity} FROM ${collectionWindows}
        WHERE ${collectionWindows.startsAt} = ${slot.slotTime}), 0)`;
}

/** The Stripe Checkout Session a reserved order is paid through, found again by its webhooks. */
export async function recordCheckoutSession(ctx: Pick<RequestContext, "db">, orderId: number, sessionId: string) {
  await ctx.db
    .update(orders)
    .set({ stripeSessionId: sessionId })
    .where(and(eq(orders.id, orderId), eq(orders.status, "pending")));
}
