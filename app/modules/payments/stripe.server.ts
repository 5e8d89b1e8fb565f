import Stripe from "stripe";
import { z } from "zod";
import { type MetricsSink, stripeDataPoint, writeDataPoint } from "../observability/metrics.server";
import { type AppEnv, standinUrl } from "../platform/env.server";

/**
 * The real Stripe SDK, always. Without a key it is pointed at the local stand-in
 * (scripts/standins/server.ts) by host, port and protocol; nothing else changes.
 */
export function createStripe(env: AppEnv, metrics?: MetricsSink): Stripe {
  const httpClient = Stripe.createFetchHttpClient(metrics ? measuredFetch(metrics) : undefined);
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

/** fetch, writing one data point per call to Stripe (the Stripe success rate on the System page). */
function measuredFetch(metrics: MetricsSink): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const started = performance.now();
    let status = 0;
    try {
      const response = await fetch(request);
      status = response.status;
      return response;
    } finally {
      writeDataPoint(
        metrics,
        stripeDataPoint({
          method: request.method,
          path: new URL(request.url).pathname,
          status,
          durationMs: performance.now() - started,
        }),
      );
    }
  };
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
