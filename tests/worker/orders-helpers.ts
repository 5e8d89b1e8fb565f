import { env, SELF } from "cloudflare:test";
import Stripe from "stripe";
import { changeBasket } from "../../app/modules/cart/basket.server";
import { collectionSlots } from "../../app/modules/checkout/slots";
import { type CheckoutDetails, reserveOrder } from "../../app/modules/orders/reserve-order.server";
import { STANDIN_WEBHOOK_SECRET } from "../../app/modules/platform/standin-secrets";
import { setDayQuantity } from "../../app/modules/production/plan-edits.server";
import { seedProducts } from "../../database/seed/catalog-data";
import { SEED_CALENDAR } from "../fixtures/seed-calendar";
import { checkoutSessionObject, eventObject } from "../fixtures/stripe-objects";
import { ORIGIN, testContext } from "./helpers";

/** A seeded product; `daily` is how many the seed plans for it on each open day (from the seed data). */
export async function product(slug: string) {
  const id = await env.DB.prepare("SELECT id FROM products WHERE slug = ?").bind(slug).first<number>("id");
  const daily = seedProducts.find((seeded) => seeded.slug === slug)?.bakedPerDay;
  if (!id || daily === undefined) throw new Error(slug);
  return { id, daily };
}

/** How many of a product orders hold, on every bake day together (unpaid reservations and paid orders). */
export async function held(slug: string) {
  return (
    (await env.DB.prepare(
      `SELECT coalesce(sum(oi.quantity), 0) AS n FROM order_items oi JOIN orders o ON o.id = oi.order_id
       JOIN products p ON p.id = oi.product_id
       WHERE p.slug = ? AND o.reservation_released = 0 AND o.stock_returned = 0`,
    )
      .bind(slug)
      .first<number>("n")) ?? 0
  );
}

/**
 * Plans `quantity` of a product for one date, whatever its weekday ("the bakery baked it that
 * day"), the way the admin does: the day's reservation counter follows at once.
 */
export async function bakedOn(slug: string, date: string, quantity = 50) {
  const { id } = await product(slug);
  const result = await setDayQuantity(testContext(), id, date, quantity);
  if (!result.ok) throw new Error(`${slug} on ${date}: ${result.held} already held`);
}

// Test orders are spread over the fortnight's collection windows so no window fills up by accident.
let nextSlot = Math.floor(Math.random() * 40);

export function details(overrides: Partial<CheckoutDetails> = {}): CheckoutDetails {
  const slots = collectionSlots(new Date(), SEED_CALENDAR);
  const slot = slots[nextSlot++ % slots.length];
  return {
    name: "Test Shopper",
    email: "shopper@example.com",
    phone: "",
    fulfilment: "collection",
    slotDate: slot?.date ?? "2099-01-01",
    slotTime: slot?.time ?? "08:00",
    address: null,
    postcode: null,
    // Each reservation from its own client, so the unpaid-orders cap only bites where a test means it to.
    clientKey: crypto.randomUUID(),
    ...overrides,
  };
}

/** A basket holding `quantity` of a product, reserved as a pending order with a Stripe session id. */
export async function reservedOrder(slug: string, quantity = 1, overrides: Partial<CheckoutDetails> = {}, now?: Date) {
  const ctx = testContext();
  const basketId = crypto.randomUUID();
  const { id } = await product(slug);
  await changeBasket(ctx, basketId, { intent: "add", productId: id, quantity });
  const result = await reserveOrder(ctx, basketId, details(overrides), now);
  if (!result.ok) throw new Error(`reservation failed: ${result.reason}`);
  const sessionId = `cs_test_${crypto.randomUUID().replaceAll("-", "")}`;
  await env.DB.prepare("UPDATE orders SET stripe_session_id = ? WHERE id = ?").bind(sessionId, result.order.id).run();
  return { ...result.order, sessionId, basketId };
}

export async function orderRow(id: number) {
  // `flag`: the order's open flags, by kind, comma-separated (null when there are none).
  return env.DB.prepare(
    `SELECT status, reservation_released, paid_at,
       (SELECT group_concat(kind, ',') FROM (SELECT kind FROM order_flags
         WHERE order_id = orders.id AND resolved_at IS NULL ORDER BY kind)) AS flag
     FROM orders WHERE id = ?`,
  )
    .bind(id)
    .first<{ status: string; flag: string | null; reservation_released: number; paid_at: string | null }>();
}

type ReservedTestOrder = Awaited<ReturnType<typeof reservedOrder>>;

/**
 * A Checkout Session event for a reserved test order, built on Stripe's example object: paid, for
 * the order's total in pounds, unless `overrides` say otherwise.
 */
export function sessionEvent(type: string, order: ReservedTestOrder, overrides: Record<string, unknown> = {}) {
  return eventObject(
    type,
    checkoutSessionObject({
      id: order.sessionId,
      client_reference_id: order.number,
      metadata: { order_id: String(order.id), order_number: order.number },
      payment_status: "paid",
      status: "complete",
      payment_intent: `pi_${order.number}`,
      amount_total: order.totalPence,
      currency: "gbp",
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      ...overrides,
    }),
  );
}

const stripe = new Stripe("sk_test_unused", { httpClient: Stripe.createFetchHttpClient() });

/** Posts a Stripe event to the webhook, signed as the stand-in's secret (or `secret`) signs it. */
export async function deliverStripeEvent(
  event: Record<string, unknown>,
  options: { secret?: string; timestamp?: number } = {},
) {
  const payload = JSON.stringify(event);
  const signature = await stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret: options.secret ?? STANDIN_WEBHOOK_SECRET,
    timestamp: options.timestamp,
    cryptoProvider: Stripe.createSubtleCryptoProvider(),
  });
  const response = await SELF.fetch(`${ORIGIN}/webhooks/stripe`, {
    method: "POST",
    body: payload,
    headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
  });
  return { status: response.status, body: (await response.json()) as { outcome?: string } };
}

/**
 * An order of several products (`[slug, quantity]`), reserved from a basket on a day baked for it and
 * paid through the Stripe webhook as Stripe would say it: the checkout's whole path.
 */
export async function paidOrderOf(lines: [slug: string, quantity: number][]) {
  const ctx = testContext();
  const basketId = crypto.randomUUID();
  const checkout = details();
  for (const [slug, quantity] of lines) {
    await bakedOn(slug, checkout.slotDate);
    await changeBasket(ctx, basketId, { intent: "add", productId: (await product(slug)).id, quantity });
  }
  const reserved = await reserveOrder(ctx, basketId, checkout);
  if (!reserved.ok) throw new Error(`reservation failed: ${reserved.reason}`);
  const sessionId = `cs_test_${crypto.randomUUID().replaceAll("-", "")}`;
  await env.DB.prepare("UPDATE orders SET stripe_session_id = ? WHERE id = ?").bind(sessionId, reserved.order.id).run();
  const event = sessionEvent("checkout.session.completed", { ...reserved.order, sessionId, basketId });
  const delivered = await deliverStripeEvent(event);
  if (delivered.status !== 200) throw new Error(`webhook answered ${delivered.status}`);
  return { ...reserved.order, event };
}

/** The bakery registers for VAT at 20% (as Admin → Bakery details would), or deregisters with null. */
export async function registerForVat(vatNumber: string | null) {
  await env.DB.prepare("UPDATE bakery_details SET vat_number = ?, vat_standard_rate_bps = 2000 WHERE id = 1")
    .bind(vatNumber)
    .run();
}
