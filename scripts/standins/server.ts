/**
 * Local stand-ins for the third parties the shop talks to, for development and tests only:
 * - Stripe: the Checkout Session calls the app makes, coupons and promotion codes (promotions.ts:
 *   applied by the shop with `discounts`, or typed on the payment page with `allow_promotion_codes`;
 *   never both, as Stripe refuses), a hosted checkout page where a shopper pays
 *   with a test card (4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined) or cancels,
 *   and correctly signed webhook deliveries back to the app.
 * - Resend: POST /emails accepts a message (a recipient containing "provider-fails" fails, to exercise
 *   retries; a repeated Idempotency-Key answers the first send's id and sends nothing, as Resend does),
 *   then posts Resend's signed (svix) delivery webhook to the shop's /webhooks/resend: delivered, or
 *   for a recipient containing "bounce" a permanent bounce, for one containing "complain" delivered
 *   and then a spam complaint.
 *   POST /emails/batch takes up to 100 at once (a newsletter's batch), with Resend's idempotency: the
 *   same key and body answers the first ids, the same key with another body is a 409.
 *   POST /__standin/resend-outage?minutes=N makes every send fail for N minutes (0 ends it).
 * - Sentry: POST /api/<project>/envelope/ accepts the SDK's envelopes (a DSN of
 *   http://key@127.0.0.1:PORT/1, local-sentry.ts); GET /__standin/sentry/events lists the events
 *   received, each with the envelope's raw text, so tests can check what left the Worker.
 * - Workers Analytics Engine (analytics-engine.ts): the Worker posts each metrics data point to
 *   POST /__standin/analytics-engine/<dataset> (GET counts them, DELETE empties the dataset), and
 *   POST /client/v4/accounts/<id>/analytics_engine/sql answers the SQL API's queries over them.
 * - Google: an OpenID Connect provider on the next port (oidc-provider.ts).
 * The app reaches them through the real SDKs (host/port for Stripe, baseUrl for Resend). It refuses
 * to start when a real Stripe key is in the environment.
 *
 * Usage: node scripts/standins/server.ts --port PORT --webhook http://127.0.0.1:APP_PORT/webhooks/stripe
 * (scripts/dev.ts and serve-built.ts choose the ports).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import Stripe from "stripe";
import { Webhook } from "svix";
import { STANDIN_RESEND_WEBHOOK_SECRET, STANDIN_WEBHOOK_SECRET } from "../../app/modules/platform/standin-secrets.ts";
import { checkoutSessionObject, disputeObject, eventObject } from "../../tests/fixtures/stripe-objects.ts";
import { createAnalyticsEngine } from "./analytics-engine.ts";
import { bankPage, checkoutPage, resultPage } from "./checkout-page.ts";
import { asList, parseStripeForm } from "./form-body.ts";
import { startOidcProvider } from "./oidc-provider.ts";
import {
  applyPromotionCode,
  createCoupon,
  createPromotionCode,
  recordPayment,
  type StripeAnswer,
  updatePromotionCode,
} from "./promotions.ts";

if (process.env.STRIPE_SECRET_KEY?.startsWith("sk_live") || process.env.STRIPE_SECRET_KEY?.startsWith("sk_test")) {
  console.error("A real STRIPE_SECRET_KEY is set: the Stripe stand-in will not run.");
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    webhook: { type: "string" },
    secret: { type: "string", default: STANDIN_WEBHOOK_SECRET },
    "oidc-port": { type: "string" },
    // Stripe at its worst: each webhook a random 0–3 s late (so events overtake each other) and
    // about one in three delivered twice. `STANDIN_CHAOS=1 npm run dev` turns it on.
    chaos: { type: "boolean", default: process.env.STANDIN_CHAOS === "1" },
  },
});
if (!values.port || !values.webhook) {
  console.error("Usage: node scripts/standins/server.ts --port PORT --webhook APP_ORIGIN/webhooks/stripe");
  process.exit(2);
}
const port = Number(values.port);
const webhookUrl: string = values.webhook;
const publicUrl = `http://127.0.0.1:${port}`;
const stripe = new Stripe("sk_standin");

type Session = Record<string, unknown> & { id: string; status: string; expires_at: number };
const sessions = new Map<string, Session>();
const byIdempotencyKey = new Map<string, string>();
/** The request body each Idempotency-Key was first used with: Stripe refuses a key reused for another. */
const bodyByIdempotencyKey = new Map<string, string>();

/** Like Stripe: a key replays its first request's answer, and a key reused with other parameters is a 400. */
function idempotencyConflict(key: unknown, body: string): boolean {
  if (typeof key !== "string") return false;
  const first = bodyByIdempotencyKey.get(key);
  if (first === undefined) bodyByIdempotencyKey.set(key, body);
  return first !== undefined && first !== body;
}

function idempotencyError(res: ServerResponse) {
  send(res, 400, {
    error: {
      type: "idempotency_error",
      message: "Keys for idempotent requests can only be used with the same parameters they were first used with.",
    },
  });
}
const refundsByKey = new Map<string, Record<string, unknown>>();
/** Coupon and promotion-code answers by Idempotency-Key: a retry gets the first answer back. */
const answersByKey = new Map<string, StripeAnswer>();
const refundedByPaymentIntent = new Map<string, number>();
/** The card each payment intent was paid with: Stripe's test cards decide how its refunds end. */
const cardByPaymentIntent = new Map<string, string>();
/** Like Stripe's test cards: refunds of payments with these stay pending, then end this way. */
const REFUND_OUTCOME_BY_CARD: Record<string, { status: "succeeded" | "failed"; failure_reason?: string }> = {
  "4000000000007726": { status: "succeeded" },
  "4000000000005126": { status: "failed", failure_reason: "expired_or_canceled_card" },
};
/** Paid with this, the payment is disputed by the customer's bank a moment later. */
const DISPUTED_CARD = "4000000000000259";
/** How long a pending refund takes to settle here (seconds at Stripe, days for some methods). */
const REFUND_SETTLE_MS = 1500;
const emails: Record<string, unknown>[] = [];
/** Sends by idempotency key, so a repeated key sends nothing twice. */
const sentByIdempotencyKey = new Map<string, string>();
/** Batch sends by idempotency key: the body first sent with it, and the ids it was answered with. */
const batchesByIdempotencyKey = new Map<string, { body: string; ids: string[] }>();
/** Until when (ms since the epoch) every send fails, as in a provider outage. */
let resendDownUntil = 0;

const randomId = (prefix: string) => `${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;

async function readBodyBuffer(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBuffer(req)).toString("utf8");
}

const analyticsEngine = createAnalyticsEngine();

/** Error events received by the Sentry stand-in, each with the raw envelope it came in. */
const sentryEvents: Record<string, unknown>[] = [];

/**
 * The "event" items of a Sentry envelope (develop.sentry.dev/sdk/data-model/envelopes): a header
 * line, then per item a header line and a payload of `length` bytes, or up to the next newline.
 */
function eventsInEnvelope(raw: Buffer): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  const lineEnd = (from: number) => {
    const at = raw.indexOf(0x0a, from);
    return at === -1 ? raw.length : at;
  };
  let offset = lineEnd(0) + 1;
  while (offset < raw.length) {
    const headerEnd = lineEnd(offset);
    const line = raw.subarray(offset, headerEnd).toString("utf8").trim();
    offset = headerEnd + 1;
    if (!line) continue;
    const header = JSON.parse(line) as { type?: string; length?: number };
    const payloadEnd = typeof header.length === "number" ? offset + header.length : lineEnd(offset);
    const payload = raw.subarray(offset, payloadEnd).toString("utf8");
    offset = payloadEnd + 1;
    if (header.type === "event") events.push(JSON.parse(payload) as Record<string, unknown>);
  }
  return events;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const isHtml = typeof body === "string";
  res.writeHead(status, { "Content-Type": isHtml ? "text/html; charset=utf-8" : "application/json", ...headers });
  res.end(isHtml ? body : JSON.stringify(body));
}

function stripeError(res: ServerResponse, status: number, message: string) {
  send(res, status, { error: { type: "invalid_request_error", message } });
}

/** Signs and delivers an event the way Stripe does; retries a few times if the app is not up. */
async function deliver(type: string, object: Record<string, unknown>) {
  // Worker tests sign and deliver their own events; they start the stand-in with --webhook none.
  if (webhookUrl === "none") return;
  const payload = JSON.stringify(eventObject(type, object));
  if (values.chaos) {
    // Not awaited: like Stripe, the API answers (and the browser moves on) before the webhook.
    const late = (resolve: () => void) => setTimeout(resolve, Math.random() * 3000);
    const copies = Math.random() < 1 / 3 ? 2 : 1;
    for (let i = 0; i < copies; i++) void new Promise<void>(late).then(() => post(type, payload));
    return;
  }
  await post(type, payload);
}

/** Resend's webhook for what became of an email, signed as Resend signs them (svix). */
async function deliverEmailEvents(emailId: string, message: Record<string, unknown>, to: string[], types: string[]) {
  if (webhookUrl === "none") return;
  const resendWebhook = new URL("/webhooks/resend", webhookUrl).href;
  const signer = new Webhook(STANDIN_RESEND_WEBHOOK_SECRET);
  for (const type of types) {
    const now = new Date();
    const payload = JSON.stringify({
      type,
      created_at: now.toISOString(),
      data: {
        created_at: now.toISOString(),
        email_id: emailId,
        from: message.from,
        to,
        subject: message.subject,
        ...(type === "email.bounced"
          ? { bounce: { type: "Permanent", subType: "General", message: "The recipient's mailbox does not exist." } }
          : {}),
      },
    });
    const id = `msg_${crypto.randomUUID()}`;
    try {
      const response = await fetch(resendWebhook, {
        method: "POST",
        body: payload,
        headers: {
          "Content-Type": "application/json",
          "svix-id": id,
          "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
          "svix-signature": signer.sign(id, now, payload),
        },
      });
      if (!response.ok) console.error(`[resend stand-in] webhook ${type} answered ${response.status}`);
    } catch (error) {
      console.error(`[resend stand-in] webhook ${type} not delivered: ${String(error)}`);
    }
  }
}

/** Posts one signed delivery, retrying with back-off (0.5, 1, 2, 4 s) while the shop does not answer 2xx. */
async function post(type: string, payload: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const signature = await stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: values.secret });
    try {
      const response = await fetch(webhookUrl, {
        method: "POST",
        body: payload,
        headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
      });
      if (response.ok) return;
      console.error(`[stripe stand-in] webhook ${type} answered ${response.status}`);
    } catch (error) {
      console.error(`[stripe stand-in] webhook ${type} failed: ${error}`);
    }
    await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
  }
}

function createSession(params: Record<string, unknown>): Session {
  const items = asList(params.line_items).map((item) => {
    const price = (item.price_data ?? {}) as Record<string, unknown>;
    const product = (price.product_data ?? {}) as Record<string, unknown>;
    return {
      name: String(product.name ?? "Item"),
      unitAmount: Number(price.unit_amount ?? 0),
      quantity: Number(item.quantity ?? 1),
    };
  });
  const amount = items.reduce((sum, i) => sum + i.unitAmount * i.quantity, 0);
  const id = randomId("cs_test");
  const currency = String((asList(params.line_items)[0]?.price_data as Record<string, unknown>)?.currency ?? "gbp");
  return checkoutSessionObject({
    id,
    object: "checkout.session",
    url: `${publicUrl}/c/pay/${id}`,
    mode: "payment",
    status: "open",
    payment_status: "unpaid",
    payment_intent: null,
    amount_subtotal: amount,
    amount_total: amount,
    // No discounts, shipping or tax here (the example object's figures are placeholders).
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    currency,
    customer_email: params.customer_email ?? null,
    customer_details: { email: params.customer_email ?? null, name: null, phone: null, address: null },
    client_reference_id: params.client_reference_id ?? null,
    metadata: params.metadata ?? {},
    success_url: params.success_url,
    cancel_url: params.cancel_url,
    created: Math.floor(Date.now() / 1000),
    expires_at: Number(params.expires_at ?? Math.floor(Date.now() / 1000) + 24 * 3600),
    allow_promotion_codes: params.allow_promotion_codes === "true",
    discounts: [],
    line_items_for_display: items,
  }) as Session;
}

function publicSession(session: Session) {
  const { line_items_for_display: _items, ...rest } = session;
  return rest;
}

function expire(session: Session) {
  if (session.status !== "open") return;
  session.status = "expired";
  // Like Stripe, the API answers at once and the webhook follows on its own.
  void deliver("checkout.session.expired", publicSession(session));
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", publicUrl);
  const parts = url.pathname.split("/").filter(Boolean);

  // Stripe API
  if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
    const key = req.headers["idempotency-key"];
    const body = await readBody(req);
    if (idempotencyConflict(key, body)) return idempotencyError(res);
    const existing = typeof key === "string" ? sessions.get(byIdempotencyKey.get(key) ?? "") : undefined;
    if (existing) return send(res, 200, publicSession(existing));
    const params = parseStripeForm(body);
    // Like Stripe: a session must stay open at least 30 minutes (and at most 24 hours).
    const expiresAt = Number(params.expires_at ?? 0);
    const now = Math.floor(Date.now() / 1000);
    if (params.expires_at !== undefined && (expiresAt < now + 30 * 60 || expiresAt > now + 24 * 3600)) {
      return stripeError(
        res,
        400,
        "The `expires_at` timestamp must be at least 30 minutes and at most 24 hours after the session was created.",
      );
    }
    if (params.allow_promotion_codes !== undefined && params.discounts !== undefined) {
      return stripeError(res, 400, "You may only specify one of these parameters: allow_promotion_codes, discounts.");
    }
    const session = createSession(params);
    const wanted = asList(params.discounts)[0]?.promotion_code;
    if (wanted !== undefined) {
      const problem = applyPromotionCode(session, { id: String(wanted) });
      if (problem) return stripeError(res, 400, problem);
    }
    sessions.set(session.id, session);
    if (typeof key === "string") byIdempotencyKey.set(key, session.id);
    return send(res, 200, publicSession(session));
  }
  if (parts[0] === "v1" && parts[1] === "checkout" && parts[2] === "sessions" && parts[3]) {
    const session = sessions.get(parts[3]);
    if (!session) return stripeError(res, 404, `No such checkout.session: '${parts[3]}'`);
    if (req.method === "GET") return send(res, 200, publicSession(session));
    if (req.method === "POST" && parts[4] === "expire") {
      if (session.status !== "open") return stripeError(res, 400, "Only open sessions can be expired.");
      expire(session);
      return send(res, 200, publicSession(session));
    }
  }
  if (req.method === "POST" && (url.pathname === "/v1/coupons" || url.pathname === "/v1/promotion_codes")) {
    const key = req.headers["idempotency-key"];
    const body = await readBody(req);
    if (idempotencyConflict(key, body)) return idempotencyError(res);
    const replay = typeof key === "string" ? answersByKey.get(key) : undefined;
    if (replay) return send(res, replay.status, replay.body);
    const params = parseStripeForm(body);
    const answer = url.pathname === "/v1/coupons" ? createCoupon(params) : createPromotionCode(params);
    if (typeof key === "string") answersByKey.set(key, answer);
    return send(res, answer.status, answer.body);
  }
  if (req.method === "POST" && parts[0] === "v1" && parts[1] === "promotion_codes" && parts[2]) {
    const answer = updatePromotionCode(parts[2], parseStripeForm(await readBody(req)));
    return send(res, answer.status, answer.body);
  }
  if (req.method === "POST" && url.pathname === "/v1/refunds") {
    // Like Stripe: the same Idempotency-Key returns the same refund, and a payment cannot be
    // refunded beyond what was paid (when the stand-in took that payment).
    const key = req.headers["idempotency-key"];
    const body = await readBody(req);
    if (idempotencyConflict(key, body)) return idempotencyError(res);
    const replay = typeof key === "string" ? refundsByKey.get(key) : undefined;
    if (replay) return send(res, 200, replay);
    const params = parseStripeForm(body);
    const paymentIntent = String(params.payment_intent ?? "");
    const amount = Number(params.amount ?? 0);
    const paid = [...sessions.values()].find((s) => s.payment_intent === paymentIntent)?.amount_total;
    const refunded = refundedByPaymentIntent.get(paymentIntent) ?? 0;
    if (typeof paid === "number" && refunded + amount > paid) {
      return stripeError(
        res,
        400,
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${paid - refunded})`,
      );
    }
    refundedByPaymentIntent.set(paymentIntent, refunded + amount);
    const later = REFUND_OUTCOME_BY_CARD[cardByPaymentIntent.get(paymentIntent) ?? ""];
    const refund: Record<string, unknown> = {
      id: randomId("re"),
      object: "refund",
      amount,
      currency: "gbp",
      payment_intent: paymentIntent,
      status: later ? "pending" : "succeeded",
      failure_reason: null,
      metadata: params.metadata ?? {},
    };
    if (typeof key === "string") refundsByKey.set(key, refund);
    if (later) {
      // The refund settles on its own a little later and Stripe tells the shop by webhook.
      setTimeout(() => {
        Object.assign(refund, later);
        if (later.status === "failed") refundedByPaymentIntent.set(paymentIntent, refunded);
        void deliver(later.status === "failed" ? "refund.failed" : "refund.updated", { ...refund });
      }, REFUND_SETTLE_MS);
    }
    return send(res, 200, refund);
  }

  // Hosted checkout page
  if (parts[0] === "c" && parts[1] === "pay" && parts[2]) {
    const session = sessions.get(parts[2]);
    if (!session) return send(res, 404, resultPage("This checkout link is not valid."));
    if (session.status !== "open") return send(res, 410, resultPage("This checkout has ended."));
    if (req.method === "GET") return send(res, 200, checkoutPage(session, null));
    const form = new URLSearchParams(await readBody(req));
    if (form.get("action") === "cancel") {
      return send(res, 303, "", { Location: String(session.cancel_url) });
    }
    if (form.get("action") === "apply-code" && session.allow_promotion_codes) {
      const problem = applyPromotionCode(session, { code: form.get("promotion_code") ?? "" });
      return send(res, problem ? 400 : 200, checkoutPage(session, problem));
    }
    if (form.get("action") === "bank-transfer") {
      // Like Bacs or a bank transfer: the checkout completes unpaid, and the money arrives (or not)
      // later: settle or fail it at /bank.
      session.status = "complete";
      session.payment_status = "unpaid";
      session.payment_intent = randomId("pi");
      await deliver("checkout.session.completed", publicSession(session));
      const successUrl = String(session.success_url).replace("{CHECKOUT_SESSION_ID}", session.id);
      return send(res, 303, "", { Location: successUrl });
    }
    const card = (form.get("card") ?? "").replace(/\s+/g, "");
    if (card === "4000000000000002") return send(res, 402, checkoutPage(session, "Your card was declined."));
    if (card !== "4242424242424242" && card !== DISPUTED_CARD && !REFUND_OUTCOME_BY_CARD[card])
      return send(res, 400, checkoutPage(session, "Use a test card: 4242 4242 4242 4242."));
    session.status = "complete";
    session.payment_status = "paid";
    session.payment_intent = randomId("pi");
    recordPayment(session);
    cardByPaymentIntent.set(String(session.payment_intent), card);
    await deliver("checkout.session.completed", publicSession(session));
    if (card === DISPUTED_CARD) {
      // Stripe's test card for a payment the customer later disputes with their bank.
      const dispute = disputeObject({
        id: randomId("dp"),
        amount: session.amount_total,
        currency: session.currency,
        payment_intent: session.payment_intent,
        status: "needs_response",
        reason: "fraudulent",
      });
      setTimeout(() => void deliver("charge.dispute.created", dispute), REFUND_SETTLE_MS);
    }
    const successUrl = String(session.success_url).replace("{CHECKOUT_SESSION_ID}", session.id);
    return send(res, 303, "", { Location: successUrl });
  }

  // The bank: bank transfers waiting to settle, settled or failed by hand.
  if (url.pathname === "/bank") {
    const waiting = () =>
      [...sessions.values()].filter((s) => s.status === "complete" && s.payment_status === "unpaid" && !s.bank_settled);
    if (req.method === "GET") return send(res, 200, bankPage(waiting()));
    const form = new URLSearchParams(await readBody(req));
    const session = waiting().find((s) => s.id === form.get("session"));
    if (!session) return send(res, 404, bankPage(waiting()));
    const succeeded = form.get("outcome") === "succeeded";
    session.payment_status = succeeded ? "paid" : "unpaid";
    session.bank_settled = true;
    await deliver(
      succeeded ? "checkout.session.async_payment_succeeded" : "checkout.session.async_payment_failed",
      publicSession(session),
    );
    return send(res, 303, "", { Location: "/bank" });
  }

  // Workers Analytics Engine
  const dataset = /^\/__standin\/analytics-engine\/([a-z0-9_]+)$/.exec(url.pathname)?.[1];
  if (dataset && req.method === "POST") {
    analyticsEngine.write(dataset, JSON.parse(await readBody(req)));
    return send(res, 200, { ok: true });
  }
  if (dataset && req.method === "GET") return send(res, 200, { points: analyticsEngine.count(dataset) });
  if (dataset && req.method === "DELETE") {
    analyticsEngine.clear(dataset);
    return send(res, 200, { points: 0 });
  }
  if (req.method === "POST" && /^\/client\/v4\/accounts\/[^/]+\/analytics_engine\/sql$/.test(url.pathname)) {
    try {
      return send(res, 200, analyticsEngine.query(await readBody(req)));
    } catch (error) {
      // The SQL API answers a query it cannot run with a 422 and the reason as text.
      res.writeHead(422, { "Content-Type": "text/plain" });
      return res.end(String(error));
    }
  }

  // Sentry
  if (req.method === "POST" && /^\/api\/\d+\/envelope\/?$/.test(url.pathname)) {
    const raw = await readBodyBuffer(req);
    for (const event of eventsInEnvelope(raw)) sentryEvents.push({ ...event, envelope: raw.toString("utf8") });
    return send(res, 200, { id: crypto.randomUUID().replaceAll("-", "") });
  }
  if (req.method === "GET" && url.pathname === "/__standin/sentry/events")
    return send(res, 200, { data: sentryEvents });

  // Resend API
  if (req.method === "POST" && url.pathname === "/__standin/resend-outage") {
    resendDownUntil = Date.now() + Number(url.searchParams.get("minutes") ?? 0) * 60_000;
    return send(res, 200, { downUntil: new Date(resendDownUntil).toISOString() });
  }
  if (req.method === "POST" && url.pathname === "/emails") {
    const message = JSON.parse(await readBody(req)) as Record<string, unknown>;
    const to = ([] as unknown[]).concat(message.to ?? []).join(",");
    if (Date.now() < resendDownUntil) {
      return send(res, 503, { name: "internal_server_error", message: "Stand-in: simulated outage" });
    }
    if (to.includes("provider-fails")) {
      return send(res, 500, { name: "application_error", message: "Stand-in: simulated provider failure" });
    }
    const idempotencyKey = String(req.headers["idempotency-key"] ?? "");
    const earlier = idempotencyKey ? sentByIdempotencyKey.get(idempotencyKey) : undefined;
    if (earlier) return send(res, 200, { id: earlier });
    const id = crypto.randomUUID();
    if (idempotencyKey) sentByIdempotencyKey.set(idempotencyKey, id);
    emails.push({ id, ...message });
    send(res, 200, { id });
    // Like Resend, the delivery news comes a moment after the send, by webhook.
    const recipients = ([] as string[]).concat((message.to as string | string[]) ?? []);
    const events = to.includes("bounce")
      ? ["email.bounced"]
      : to.includes("complain")
        ? ["email.delivered", "email.complained"]
        : ["email.delivered"];
    setTimeout(() => void deliverEmailEvents(id, message, recipients, events), 100);
    return;
  }
  if (req.method === "GET" && url.pathname === "/emails") return send(res, 200, { data: emails });
  if (req.method === "POST" && url.pathname === "/emails/batch") {
    const raw = await readBody(req);
    const messages = JSON.parse(raw) as Record<string, unknown>[];
    if (!Array.isArray(messages) || messages.length === 0 || messages.length > 100) {
      return send(res, 422, { name: "validation_error", message: "A batch holds 1 to 100 emails." });
    }
    if (Date.now() < resendDownUntil) {
      return send(res, 503, { name: "internal_server_error", message: "Stand-in: simulated outage" });
    }
    const all = messages.map((message) => ([] as unknown[]).concat(message.to ?? []).join(","));
    if (all.some((to) => to.includes("provider-fails"))) {
      return send(res, 500, { name: "application_error", message: "Stand-in: simulated provider failure" });
    }
    // As Resend: a key seen with the same body answers the first response and sends nothing; with
    // another body it is refused.
    const idempotencyKey = String(req.headers["idempotency-key"] ?? "");
    const earlier = idempotencyKey ? batchesByIdempotencyKey.get(idempotencyKey) : undefined;
    if (earlier && earlier.body !== raw) {
      return send(res, 409, {
        name: "invalid_idempotent_request",
        message: "Same idempotency key used with a different request payload.",
      });
    }
    if (earlier) return send(res, 200, { data: earlier.ids.map((id) => ({ id })) });
    const ids = messages.map(() => crypto.randomUUID());
    if (idempotencyKey) batchesByIdempotencyKey.set(idempotencyKey, { body: raw, ids });
    messages.forEach((message, i) => {
      emails.push({ id: ids[i], batch: idempotencyKey || true, ...message });
    });
    send(res, 200, { data: ids.map((id) => ({ id })) });
    messages.forEach((message, i) => {
      const recipients = ([] as string[]).concat((message.to as string | string[]) ?? []);
      const to = recipients.join(",");
      const events = to.includes("bounce")
        ? ["email.bounced"]
        : to.includes("complain")
          ? ["email.delivered", "email.complained"]
          : ["email.delivered"];
      setTimeout(() => void deliverEmailEvents(ids[i] as string, message, recipients, events), 100);
    });
    return;
  }

  if (url.pathname === "/health") return send(res, 200, { ok: true });
  return stripeError(res, 404, `Unrecognized request URL (${req.method}: ${url.pathname})`);
}

// Like Stripe, expire open sessions once their expires_at has passed.
setInterval(() => {
  const now = Math.floor(Date.now() / 1000);
  for (const session of sessions.values())
    if (session.status === "open" && session.expires_at <= now) void expire(session);
}, 5_000).unref();

createServer((req, res) => {
  handle(req, res).catch((error) => {
    console.error(error);
    stripeError(res, 500, String(error));
  });
}).listen(port, "127.0.0.1", () => {
  console.log(`[stand-ins] Stripe and Resend stand-ins on ${publicUrl}, webhooks to ${webhookUrl}`);
});

const oidcPort = Number(values["oidc-port"] ?? port + 1);
await startOidcProvider(oidcPort);
console.log(`[stand-ins] Google (OpenID Connect) stand-in on http://127.0.0.1:${oidcPort}`);
