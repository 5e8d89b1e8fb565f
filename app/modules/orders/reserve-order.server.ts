import { CHECKOUT_RESERVATION_MINUTES, DELIVERY_RULES } from "../../lib/constants";
import { catalogChangeStatement, publishCatalogChange } from "../cache/catalog-changes.server";
import { generateAccessToken, generateOrderNumber } from "../checkout/order-number";
import { slotCapacity } from "../checkout/slots";
import type { RequestContext } from "../platform/request-context.server";
import { releaseReservation } from "./payment-transitions.server";

type ReserveContext = Pick<RequestContext, "db" | "kv" | "env" | "logger">;

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
  items: { productId: number; name: string; unitPricePence: number; quantity: number }[];
};

export type ReserveResult =
  | { ok: true; order: ReservedOrder }
  | { ok: false; reason: "empty" }
  | { ok: false; reason: "short"; lines: { name: string; available: number }[] }
  | { ok: false; reason: "slot-full" }
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
  now = new Date(),
): Promise<ReserveResult> {
  const d1 = ctx.db.$client;
  const number = generateOrderNumber();
  const accessToken = generateAccessToken();
  const expiresAt = new Date(now.getTime() + CHECKOUT_RESERVATION_MINUTES * 60_000);
  const fee = details.fulfilment === "delivery" ? DELIVERY_RULES.feePence : 0;
  const orderId = "(SELECT id FROM orders WHERE number = ?)";

  let results: D1Result[];
  try {
    results = await d1.batch([
      d1
        .prepare(
          `INSERT INTO orders (number, access_token, basket_id, user_id, email, name, phone, status, fulfilment, slot_date,
             slot_time, delivery_address, delivery_postcode, delivery_fee_pence, reservation_expires_at, client_key)
           SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15
           WHERE (SELECT count(*) FROM orders WHERE client_key = ?15 AND status = 'pending' AND reservation_released = 0) < ?16`,
        )
        .bind(
          number,
          accessToken,
          basketId,
          details.userId ?? null,
          details.email,
          details.name,
          details.phone,
          details.fulfilment,
          details.slotDate,
          details.slotTime,
          details.address,
          details.postcode,
          fee,
          expiresAt.toISOString(),
          details.clientKey,
          ctx.env.rateLimits.pendingOrders.limit,
        ),
      // Name and price snapshots, taken inside the same transaction as the stock change.
      d1
        .prepare(
          `INSERT INTO order_items (order_id, product_id, name, unit_price_pence, quantity)
           SELECT ${orderId}, p.id, p.name, p.price_pence, b.quantity
           FROM basket_items b JOIN products p ON p.id = b.product_id AND p.status = 'active'
           WHERE b.basket_id = ? AND ${orderId} IS NOT NULL ORDER BY b.added_at, p.id`,
        )
        .bind(number, basketId, number),
      d1
        .prepare(
          `UPDATE products SET stock = stock - (
             SELECT oi.quantity FROM order_items oi WHERE oi.order_id = ${orderId} AND oi.product_id = products.id)
           WHERE id IN (SELECT product_id FROM order_items WHERE order_id = ${orderId})`,
        )
        .bind(number, number),
      d1
        .prepare("INSERT INTO slot_bookings (slot_date, slot_time, capacity) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        .bind(details.slotDate, details.slotTime, slotCapacity(details.slotTime)),
      d1
        .prepare(
          `UPDATE slot_bookings SET booked = booked + 1
           WHERE slot_date = ? AND slot_time = ? AND EXISTS (SELECT 1 FROM orders WHERE number = ?)`,
        )
        .bind(details.slotDate, details.slotTime, number),
      d1
        .prepare(
          `UPDATE orders SET
             subtotal_pence = (SELECT coalesce(sum(unit_price_pence * quantity), 0) FROM order_items WHERE order_id = orders.id),
             total_pence = delivery_fee_pence + (SELECT coalesce(sum(unit_price_pence * quantity), 0) FROM order_items WHERE order_id = orders.id)
           WHERE number = ?`,
        )
        .bind(number),
      // Stock shown on pages changed: retire cached catalogue pages (if the order was written).
      catalogChangeStatement(d1, { sql: "EXISTS (SELECT 1 FROM orders WHERE number = ?)", binds: [number] }),
    ]);
  } catch (error) {
    const message = String(error);
    if (message.includes("products_stock_non_negative"))
      return { ok: false, reason: "short", lines: await shortLines(ctx, basketId) };
    if (message.includes("slot_bookings_within_capacity")) return { ok: false, reason: "slot-full" };
    throw error;
  }
  const order = await d1
    .prepare("SELECT id, total_pence, currency FROM orders WHERE number = ?")
    .bind(number)
    .first<{ id: number; total_pence: number; currency: string }>();
  if (!order) return { ok: false, reason: "too-many-pending" };
  await publishCatalogChange(ctx, results);
  const { results: items } = await d1
    .prepare(
      "SELECT product_id AS productId, name, unit_price_pence AS unitPricePence, quantity FROM order_items WHERE order_id = ? ORDER BY id",
    )
    .bind(order?.id ?? 0)
    .all<ReservedOrder["items"][number]>();
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
      totalPence: order.total_pence,
      currency: order.currency,
      reservationExpiresAt: expiresAt,
      items,
    },
  };
}

async function shortLines(ctx: ReserveContext, basketId: string) {
  const { results } = await ctx.db.$client
    .prepare(
      `SELECT p.name, p.stock AS available FROM basket_items b JOIN products p ON p.id = b.product_id
       WHERE b.basket_id = ? AND b.quantity > p.stock ORDER BY b.added_at`,
    )
    .bind(basketId)
    .all<{ name: string; available: number }>();
  return results;
}

/** The Stripe Checkout Session a reserved order is paid through, found again by its webhooks. */
export async function recordCheckoutSession(ctx: Pick<RequestContext, "db">, orderId: number, sessionId: string) {
  await ctx.db.$client
    .prepare("UPDATE orders SET stripe_session_id = ? WHERE id = ? AND status = 'pending'")
    .bind(sessionId, orderId)
    .run();
}
