import { CHECKOUT_SESSION_MARGIN_MINUTES, DELIVERY_RULES, STRIPE_MIN_SESSION_MINUTES } from "../../lib/constants";
import { type ReservedOrder, recordCheckoutSession } from "../orders/reserve-order.server";
import type { RequestContext } from "../platform/request-context.server";
import { createStripe } from "./stripe.server";

/**
 * Creates the Stripe Checkout Session for a reserved order. The idempotency key is the order
 * number, so a retried request can never create a second session (or a second charge).
 */
export async function createCheckoutSession(
  ctx: Pick<RequestContext, "db" | "env" | "metrics">,
  order: ReservedOrder,
  origin: string,
  /** The Stripe id of a promotion code the basket holds, checked by `checkPromotion`. */
  promotionCodeId: string | null = null,
): Promise<string> {
  const stripe = createStripe(ctx.env, ctx.metrics);
  const currency = order.currency.toLowerCase();
  const lineItems = order.items.map((item) => ({
    quantity: item.quantity,
    price_data: {
      currency,
      unit_amount: item.unitPricePence,
      // The personal message shows on Stripe's page and receipt, so the shopper sees it before paying.
      product_data: item.message ? { name: item.name, description: `Message: “${item.message}”` } : { name: item.name },
    },
  }));
  if (order.deliveryFeePence > 0) {
    lineItems.push({
      quantity: 1,
      price_data: { currency, unit_amount: DELIVERY_RULES.feePence, product_data: { name: "Local delivery" } },
    });
  }
  const session = await stripe.checkout.sessions.create(
    {
      mode: "payment",
      line_items: lineItems,
      customer_email: order.email,
      // A code from the basket is applied by Stripe, which works the discount out and shows it;
      // without one the shopper may type one on Stripe's page. Never both: Stripe refuses that.
      ...(promotionCodeId ? { discounts: [{ promotion_code: promotionCodeId }] } : { allow_promotion_codes: true }),
      client_reference_id: order.number,
      metadata: { order_id: String(order.id), order_number: order.number },
      // From now, not from the reservation: Stripe counts its 30 minutes from the request, and the
      // reservation (made a moment ago, CHECKOUT_RESERVATION_MINUTES long) outlives the session.
      expires_at: Math.floor(Date.now() / 1000) + (STRIPE_MIN_SESSION_MINUTES + CHECKOUT_SESSION_MARGIN_MINUTES) * 60,
      success_url: `${origin}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${origin}/checkout?cancelled=${order.number}`,
    },
    { idempotencyKey: `checkout-${order.number}` },
  );
  if (!session.url) throw new Error(`Checkout Session ${session.id} has no URL`);
  await recordCheckoutSession(ctx, order.id, session.id);
  return session.url;
}
