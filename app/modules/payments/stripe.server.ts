import Stripe from "stripe";
import { z } from "zod";
import { type AppEnv, standinUrl } from "../platform/env.server";

/**
 * The real Stripe SDK, always. Without a key it is pointed at the local stand-in
 * (scripts/standins/server.ts) by host, port and protocol; nothing else changes.
 */
export function createStripe(env: AppEnv): Stripe {
  const httpClient = Stripe.createFetchHttpClient();
  if (env.STRIPE_SECRET_KEY) return new Stripe(env.STRIPE_SECRET_KEY, { httpClient, maxNetworkRetries: 2 });
  const standin = standinUrl(env);
  return new Stripe("sk_standin_local", {
    httpClient,
    host: standin.hostname,
    port: Number(standin.port || 80),
    protocol: standin.protocol === "https:" ? "https" : "http",
    maxNetworkRetries: 0,
  });
}

/** Where the browser is sent to pay: allowed as a form-action target in the CSP. */
export function checkoutOrigin(env: AppEnv): string | null {
  if (env.STRIPE_SECRET_KEY) return "https://checkout.stripe.com";
  return env.STANDIN_URL ? new URL(env.STANDIN_URL).origin : null;
}

const cryptoProvider = Stripe.createSubtleCryptoProvider();

/** Verifies the signature over the raw body (constructEventAsync: the sync one throws on Workers). */
export async function verifyStripeEvent(env: AppEnv, payload: string, signature: string | null): Promise<Stripe.Event> {
  if (!signature) throw new Error("missing Stripe-Signature header");
  return createStripe(env).webhooks.constructEventAsync(
    payload,
    signature,
    env.STRIPE_WEBHOOK_SECRET,
    undefined,
    cryptoProvider,
  );
}

/** The least an event must have for us to read it: an id, a type and an object. */
const EventShape = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

export function isWellFormedEvent(event: unknown): event is Stripe.Event {
  return EventShape.safeParse(event).success;
}
