import { CHECKOUT_RESERVATION_MINUTES, DELIVERY_RULES } from "../../lib/constants";
import { type Basket, loadBasket } from "../cart/basket.server";
import { releaseReservation } from "../orders/payment-transitions.server";
import { type CheckoutDetails, reserveOrder } from "../orders/reserve-order.server";
import { createCheckoutSession } from "../payments/checkout-session.server";
import { createStripe } from "../payments/stripe.server";
import { basketAwaitingPayment } from "../platform/hot-queries.server";
import type { RequestContext } from "../platform/request-context.server";
import { basketDayProblems } from "../production/basket-days.server";
import { checkPromotion } from "../promotions/promotions.server";
import { deliveryMinimumMessage } from "./checkout-form";

type StartContext = Pick<RequestContext, "db" | "kv" | "env" | "logger" | "now" | "metrics">;

export type StartCheckoutResult =
  | { ok: true; paymentUrl: string }
  /** `field` names the form field the message belongs by (null: the whole form). */
  | { ok: false; status: 400 | 409 | 429 | 503; field: string | null; message: string };

/** Basket → reserved order → Stripe Checkout Session URL, or the reason it cannot go ahead. */
export async function startCheckout(
  ctx: StartContext,
  basketId: string,
  details: CheckoutDetails,
  origin: string,
  /** The basket as the action already read it this request (to check the form), saving a read. */
  loaded?: Basket,
): Promise<StartCheckoutResult> {
  const basket = loaded ?? (await loadBasket(ctx, basketId));
  if (basket.lines.length === 0) return { ok: false, status: 409, field: null, message: "Your basket is empty." };
  if (details.fulfilment === "delivery" && basket.subtotalPence < DELIVERY_RULES.minimumOrderPence) {
    return {
      ok: false,
      status: 400,
      field: "fulfilment",
      message: deliveryMinimumMessage,
    };
  }

  // The plan's rules for the day chosen, as the page showed them: a day too soon for a cake's
  // notice, before its menu opens, out of season or not baked is refused before anything is held
  // (the reservation itself only guards the numbers).
  const field = details.fulfilment === "collection" ? "collectionSlot" : "deliveryDate";
  const { lines } = basket;
  const { problems } = await basketDayProblems(ctx, lines, [details.slotDate]);
  const problem = problems.get(details.slotDate);
  if (problem) return { ok: false, status: 409, field, message: `${problem}. Please choose another day.` };

  // A code in the basket is checked again now that the email is known (a first-order code) and
  // time has passed (an expiry, a last use): never sent to Stripe to be refused there.
  let promotionCodeId: string | null = null;
  if (basket.promotionCode) {
    const promotion = await checkPromotion(ctx, basket.promotionCode, basket.subtotalPence, details.email);
    if (!promotion.ok) {
      return {
        ok: false,
        status: 409,
        field: null,
        message: `${promotion.message}. Remove it from your basket to pay without it.`,
      };
    }
    promotionCodeId = promotion.promotion.stripePromotionCodeId;
  }

  await abandonEarlierCheckouts(ctx, basketId);
  const reserved = await reserveOrder(ctx, basketId, details);
  if (!reserved.ok) {
    if (reserved.reason === "too-many-pending") {
      return {
        ok: false,
        status: 429,
        field: null,
        message: `You already have ${ctx.env.rateLimits.pendingOrders.limit} orders waiting for payment. Pay for one of them, or start again once they lapse (${CHECKOUT_RESERVATION_MINUTES} minutes after they began). Your basket is kept.`,
      };
    }
    if (reserved.reason === "slot-full") {
      return { ok: false, status: 409, field, message: "That time has just filled up: please choose another." };
    }
    if (reserved.reason === "day-full") {
      // Someone else took the last of something for that day between the check and the batch:
      // say what, from the same rules the page used.
      const { problems: now } = await basketDayProblems(ctx, lines, [details.slotDate]);
      const why = now.get(details.slotDate);
      return {
        ok: false,
        status: 409,
        field,
        message: `${why ? `${why}. ` : ""}The bakery can't bake your whole basket that day any more: please choose another day, or change your basket.`,
      };
    }
    return { ok: false, status: 409, field: null, message: "Your basket is empty." };
  }

  try {
    return { ok: true, paymentUrl: await createCheckoutSession(ctx, reserved.order, origin, promotionCodeId) };
  } catch (error) {
    ctx.logger.error("checkout session failed", { order: reserved.order.number, error: String(error) });
    await releaseReservation(ctx, reserved.order.id);
    return {
      ok: false,
      status: 503,
      field: null,
      message: "We couldn't reach our payment provider, so nothing was charged. Please try again in a moment.",
    };
  }
}

/**
 * A shopper who comes back from Stripe and checks out again would otherwise hold stock twice.
 * Their earlier open sessions are expired at Stripe first (so they can no longer be paid), then
 * released; a session that has already been paid is left alone.
 */
async function abandonEarlierCheckouts(ctx: StartContext, basketId: string) {
  const results = await basketAwaitingPayment(ctx.db, basketId);
  if (results.length === 0) return;
  const stripe = createStripe(ctx.env, ctx.metrics);
  for (const order of results) {
    if (order.stripeSessionId) {
      try {
        await stripe.checkout.sessions.expire(order.stripeSessionId);
      } catch (error) {
        ctx.logger.warn("could not expire earlier session", { order: order.id, error: String(error) });
        continue;
      }
    }
    await releaseReservation(ctx, order.id);
  }
}
