import { STRIPE_WEBHOOK_MAX_BYTES } from "../lib/constants";
import { readBodyWithin } from "../modules/forms/read-form.server";
import { isWellFormedEvent, verifyStripeEvent } from "../modules/payments/stripe.server";
import { handleStripeEvent } from "../modules/payments/stripe-webhook.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/webhooks.stripe";

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  // The signature covers the exact bytes Stripe sent, so read the raw body before anything else;
  // a body far bigger than any event is refused (413) before any work on it.
  const payload = new TextDecoder().decode(await readBodyWithin(request, STRIPE_WEBHOOK_MAX_BYTES));
  let event: Awaited<ReturnType<typeof verifyStripeEvent>>;
  try {
    event = await verifyStripeEvent(ctx.env, payload, request.headers.get("Stripe-Signature"));
  } catch (error) {
    ctx.logger.warn("stripe webhook rejected", { error: String(error) });
    return Response.json({ error: "invalid signature" }, { status: 400 });
  }
  // Signed, but not an event we can read (no id, type or data.object): a 400, never a 500.
  if (!isWellFormedEvent(event)) {
    ctx.logger.warn("stripe webhook not an event");
    return Response.json({ error: "not a Stripe event" }, { status: 400 });
  }
  const outcome = await handleStripeEvent(ctx, event);
  ctx.logger.info("stripe webhook", { id: event.id, type: event.type, outcome });
  return Response.json({ received: true, outcome });
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
