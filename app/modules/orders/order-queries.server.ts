import type { FulfilmentStatus } from "../../../database/schema";

export type OrderView = {
  id: number;
  number: string;
  accessToken: string;
  email: string;
  name: string;
  status: "pending" | "awaiting_payment" | "paid" | "expired" | "refunded";
  fulfilment: "collection" | "delivery";
  slotDate: string;
  slotTime: string;
  deliveryAddress: string | null;
  deliveryPostcode: string | null;
  subtotalPence: number;
  deliveryFeePence: number;
  totalPence: number;
  currency: string;
  createdAt: string;
  phone: string;
  fulfilmentStatus: FulfilmentStatus;
  refundedPence: number;
  /** Refunds asked of Stripe that it has not yet settled either way. */
  pendingRefundPence: number;
  stripePaymentIntentId: string | null;
  /** Open flags: what staff must still look at, oldest first. */
  flags: { kind: string; reason: string; createdAt: string }[];
  paidAt: string | null;
  items: { productId: number; name: string; unitPricePence: number; quantity: number }[];
};

type Where = { stripeSessionId: string } | { id: number } | { number: string };

/** Takes only the D1 client, so the queue consumer (which has no request) can use it too. */
export async function findOrder(ctx: { db: { $client: D1Database } }, where: Where): Promise<OrderView | null> {
  const [column, value] =
    "stripeSessionId" in where
      ? ["stripe_session_id", where.stripeSessionId]
      : "id" in where
        ? ["id", where.id]
        : ["number", where.number];
  const d1 = ctx.db.$client;
  const order = await d1
    .prepare(
      `SELECT id, number, access_token AS accessToken, email, name, status, fulfilment, slot_date AS slotDate,
         slot_time AS slotTime, delivery_address AS deliveryAddress, delivery_postcode AS deliveryPostcode,
         subtotal_pence AS subtotalPence, delivery_fee_pence AS deliveryFeePence, total_pence AS totalPence,
         currency, created_at AS createdAt, phone, fulfilment_status AS fulfilmentStatus,
         refunded_pence AS refundedPence, stripe_payment_intent_id AS stripePaymentIntentId, paid_at AS paidAt,
         (SELECT coalesce(sum(amount_pence), 0) FROM refunds WHERE order_id = orders.id AND status = 'pending')
           AS pendingRefundPence,
         (SELECT json_group_array(json_object('kind', kind, 'reason', reason, 'createdAt', created_at))
          FROM (SELECT kind, reason, created_at FROM order_flags
                WHERE order_id = orders.id AND resolved_at IS NULL ORDER BY id)) AS flagsJson
       FROM orders WHERE ${column} = ?`,
    )
    .bind(value)
    .first<Omit<OrderView, "items" | "flags"> & { flagsJson: string }>();
  if (!order) return null;
  const { results: items } = await d1
    .prepare(
      "SELECT product_id AS productId, name, unit_price_pence AS unitPricePence, quantity FROM order_items WHERE order_id = ? ORDER BY id",
    )
    .bind(order.id)
    .all<OrderView["items"][number]>();
  const { flagsJson, ...rest } = order;
  return { ...rest, flags: JSON.parse(flagsJson) as OrderView["flags"], items };
}

/** Compares secrets in constant time, so response timing reveals nothing about the token. */
export async function tokensMatch(expected: string, given: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
  ]);
  // Equal-length digests, compared without an early exit.
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let difference = 0;
  for (let i = 0; i < x.length; i++) difference |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return difference === 0;
}
