import { verifyStripeEvent } from "../modules/payments/stripe.server";
import { handleStripeEvent } from "../modules/payments/stripe-webhook.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/webhooks.stripe";

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  // The signature covers the exact bytes Stripe sent, so read the raw body before anything else.
  const payload = await request.text();
  let event: Awaited<ReturnType<typeof verifyStripeEvent>>;
  try {
    event = await verifyStripeEvent(ctx.env, payload, request.headers.get("Stripe-Signature"));
  } catch (error) {
    ctx.logger.warn("stripe webhook rejected", { error: String(error) });
    return Response.json({ error: "invalid signature" }, { status: 400 });
  }
  const outcome = await handleStripeEvent(ctx, event);
  ctx.logger.info("stripe webhook", { id: event.id, type: event.type, outcome });
  return Response.json({ received: true, outcome });
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
