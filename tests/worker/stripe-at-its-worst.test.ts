/**
 * Stripe at its worst (issue 11): a Worker that dies mid-event, bank payments that settle days
 * later, sessions created close to Stripe's 30-minute minimum. Events are Stripe's example objects.
 */
import { env, SELF } from "cloudflare:test";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { CHECKOUT_RESERVATION_MINUTES, STRIPE_MIN_SESSION_MINUTES } from "../../app/lib/constants";
import { addDays, shopLocalDateTime } from "../../app/modules/checkout/slots";
import { releaseExpiredReservations } from "../../app/modules/jobs/release-expired.server";
import { refundOrder } from "../../app/modules/orders/refund.server";
import { createCheckoutSession } from "../../app/modules/payments/checkout-session.server";
import { handleStripeEvent } from "../../app/modules/payments/stripe-webhook.server";
import { createDatabase } from "../../app/modules/platform/db.server";
import { STANDIN_WEBHOOK_SECRET } from "../../app/modules/platform/standin-secrets";
import { chargeObject, disputeObject, eventObject } from "../fixtures/stripe-objects";
import { get, ORIGIN, signedInAs, testContext } from "./helpers";
import { bakedOn, held, orderRow, reservedOrder, sessionEvent as stripeSessionEvent } from "./orders-helpers";

type Order = Awaited<ReturnType<typeof reservedOrder>>;

const sessionEvent = (type: string, order: Order, overrides: Record<string, unknown> = {}) =>
  stripeSessionEvent(type, order, overrides) as unknown as Stripe.Event;

const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE)/i;

/**
 * A D1 binding that "dies" after `writesAllowed` writes: from then on every write (a statement or a
 * batch) throws, as if the isolate were killed (CPU limit, eviction, deploy) — a clean-up in a
 * catch block fails too. Reads keep working, so only the death is simulated.
 */
function dyingAfter(d1: D1Database, writesAllowed: number): D1Database {
  let writes = 0;
  const die = () => {
    writes += 1;
    if (writes > writesAllowed) throw new Error("isolate killed");
  };
  const originals = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, prop) {
        if (prop === "bind") return (...args: unknown[]) => wrap(target.bind(...args), sql);
        const value = Reflect.get(target, prop);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (WRITE.test(sql) && ["run", "first", "all", "raw"].includes(String(prop))) die();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    originals.set(proxy, statement);
    return proxy;
  };
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql), sql);
      if (prop === "batch") {
        return (statements: D1PreparedStatement[]) => {
          die();
          return target.batch(statements.map((s) => originals.get(s) ?? s));
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The app's own database wrapper (drizzle) over the given binding, as the Worker entry builds it. */
function contextWithD1(d1: D1Database) {
  return { ...testContext(), db: createDatabase(d1) };
}

const confirmationEmails = (orderId: number) =>
  env.DB.prepare("SELECT count(*) AS n FROM email_outbox WHERE order_id = ? AND kind = 'order-confirmation'")
    .bind(orderId)
    .first<number>("n");

describe("problem 1: a Worker that dies part-way through an event loses nothing", () => {
  it.each([0, 1, 2, 3])("dying after %i writes, Stripe's retry still marks the order paid, once", async (writes) => {
    const order = await reservedOrder("seeded-sourdough");
    const event = sessionEvent("checkout.session.completed", order);
    // The first delivery dies after `writes` writes (or completes, if it needs no more).
    await handleStripeEvent(contextWithD1(dyingAfter(env.DB, writes)), event).catch((error: unknown) => {
      expect(String(error)).toContain("isolate killed");
    });
    // Stripe retries the same event (same id) until it gets a 2xx.
    const retry = await handleStripeEvent(testContext(), event);
    expect(["processed", "duplicate"]).toContain(retry);
    expect((await orderRow(order.id))?.status).toBe("paid");
    expect(await confirmationEmails(order.id)).toBe(1);
    expect(await handleStripeEvent(testContext(), event)).toBe("duplicate");
  });
});

describe("problem 3: a bank payment keeps its stock until it settles or fails", () => {
  it("an order awaiting a bank transfer survives the */5 cron and is paid two days later, unflagged", async () => {
    const heldBefore = await held("country-sourdough");
    const order = await reservedOrder("country-sourdough", 2);
    await handleStripeEvent(
      testContext(),
      sessionEvent("checkout.session.completed", order, {
        payment_status: "unpaid",
        payment_intent: `pi_${order.number}`,
      }),
    );
    expect((await orderRow(order.id))?.status).toBe("awaiting_payment");

    // The cron runs on schedule for two days; the reservation has long "expired" by the clock.
    const twoDaysLater = new Date(Date.now() + 2 * 24 * 3600_000);
    await releaseExpiredReservations(testContext(), new Date(Date.now() + 3600_000));
    await releaseExpiredReservations(testContext(), twoDaysLater);
    expect(await orderRow(order.id)).toMatchObject({ status: "awaiting_payment", reservation_released: 0 });
    expect(await held("country-sourdough")).toBe(heldBefore + 2);

    await handleStripeEvent(testContext(), sessionEvent("checkout.session.async_payment_succeeded", order));
    const paid = await orderRow(order.id);
    expect(paid).toMatchObject({ status: "paid", reservation_released: 0 });
    expect(paid?.flag ?? null).toBeNull();
    expect(await held("country-sourdough")).toBe(heldBefore + 2);
  });

  it("a bank payment that fails releases the stock and the slot, once", async () => {
    const heldBefore = await held("country-sourdough");
    const order = await reservedOrder("country-sourdough", 1);
    await handleStripeEvent(
      testContext(),
      sessionEvent("checkout.session.completed", order, { payment_status: "unpaid" }),
    );
    const failed = sessionEvent("checkout.session.async_payment_failed", order, { payment_status: "unpaid" });
    await handleStripeEvent(testContext(), failed);
    await handleStripeEvent(testContext(), sessionEvent("checkout.session.async_payment_failed", order));
    expect(await orderRow(order.id)).toMatchObject({ status: "expired", reservation_released: 1 });
    expect(await held("country-sourdough")).toBe(heldBefore);
  });
});

describe("problem 8: Checkout Sessions keep clear of Stripe's 30-minute minimum", () => {
  it("asks for 30 minutes plus a margin from the moment of the request, and the reservation outlives it", async () => {
    const order = await reservedOrder("butter-croissant");
    const before = Math.floor(Date.now() / 1000);
    await createCheckoutSession(testContext(), { ...order, deliveryFeePence: 0 }, "https://shop.test");
    const row = await env.DB.prepare("SELECT stripe_session_id, reservation_expires_at FROM orders WHERE id = ?")
      .bind(order.id)
      .first<{ stripe_session_id: string; reservation_expires_at: string }>();
    const stripe = new Stripe("sk_test_standin", {
      httpClient: Stripe.createFetchHttpClient(),
      ...standinHost(),
    });
    const session = await stripe.checkout.sessions.retrieve(row?.stripe_session_id ?? "");
    expect(session.expires_at).toBeGreaterThanOrEqual(before + (STRIPE_MIN_SESSION_MINUTES + 5) * 60);
    expect(Date.parse(row?.reservation_expires_at ?? "") / 1000).toBeGreaterThan(session.expires_at);
    expect(CHECKOUT_RESERVATION_MINUTES).toBeGreaterThan(STRIPE_MIN_SESSION_MINUTES + 5);
  });

  it("the stand-in refuses expires_at under 30 minutes, as Stripe does", async () => {
    const stripe = new Stripe("sk_test_standin", { httpClient: Stripe.createFetchHttpClient(), ...standinHost() });
    await expect(
      stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ quantity: 1, price_data: { currency: "gbp", unit_amount: 100, product_data: { name: "Bun" } } }],
        success_url: "https://shop.test/ok",
        expires_at: Math.floor(Date.now() / 1000) + 29 * 60,
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});

function standinHost() {
  const url = new URL(env.STANDIN_URL);
  return { host: url.hostname, port: Number(url.port), protocol: url.protocol.replace(":", "") as "http" };
}

describe("problem 4: the amount and currency are checked before an order is paid", () => {
  it("a completion for half the amount, or in another currency, is flagged and never shown as paid", async () => {
    for (const overrides of [{ amount_total: 1 }, { currency: "eur" }]) {
      const order = await reservedOrder("country-sourdough");
      const event = sessionEvent("checkout.session.completed", order, {
        currency: "gbp",
        amount_total: order.totalPence,
        ...overrides,
      });
      expect(await handleStripeEvent(testContext(), event)).toBe("processed");
      expect(await orderRow(order.id)).toMatchObject({
        status: "awaiting_payment",
        flag: "amount_mismatch",
        reservation_released: 0,
      });
      expect(await confirmationEmails(order.id)).toBe(0);
    }
  });

  it("the right amount less Stripe's discount pays", async () => {
    const order = await reservedOrder("country-sourdough");
    const event = sessionEvent("checkout.session.completed", order, {
      currency: "gbp",
      amount_total: order.totalPence - 50,
      total_details: { amount_discount: 50, amount_shipping: 0, amount_tax: 0 },
    });
    await handleStripeEvent(testContext(), event);
    expect((await orderRow(order.id))?.status).toBe("paid");
  });
});

describe("problem 7: webhook bodies that are too big or not events", () => {
  const signedPost = async (payload: string, headers: Record<string, string> = {}) => {
    const stripe = new Stripe("sk_test_unused", { httpClient: Stripe.createFetchHttpClient() });
    const signature = await stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: STANDIN_WEBHOOK_SECRET,
      cryptoProvider: Stripe.createSubtleCryptoProvider(),
    });
    return SELF.fetch(`${ORIGIN}/webhooks/stripe`, {
      method: "POST",
      body: payload,
      headers: { "Content-Type": "application/json", "Stripe-Signature": signature, ...headers },
    });
  };

  it("a validly signed 12 MB body is refused with 413 before anything else", async () => {
    const payload = JSON.stringify({ id: "evt_big", type: "charge.refunded", padding: "x".repeat(12 * 1024 * 1024) });
    const response = await signedPost(payload);
    expect(response.status).toBe(413);
    await response.arrayBuffer();
  });

  it("a body over the limit without a Content-Length is cut off while reading", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await SELF.fetch(`${ORIGIN}/webhooks/stripe`, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=x" },
    });
    expect(response.status).toBe(413);
    await response.arrayBuffer();
  });

  it("signed JSON that is not an event is a 400, never a 500", async () => {
    for (const payload of ['{"id":"evt_1","type":"charge.refunded"}', '{"hello":"world"}', "[]"]) {
      const response = await signedPost(payload);
      expect(response.status, payload).toBe(400);
      await response.arrayBuffer();
    }
  });
});

describe("problem 2: a refund or dispute that arrives before the payment is not lost", () => {
  const chargeEvent = (type: string, order: Order, overrides: Record<string, unknown>) =>
    eventObject(type, chargeObject({ payment_intent: `pi_${order.number}`, ...overrides })) as unknown as Stripe.Event;
  const disputeEvent = (order: Order) =>
    eventObject(
      "charge.dispute.created",
      disputeObject({ payment_intent: `pi_${order.number}` }),
    ) as unknown as Stripe.Event;

  it("charge.refunded, then the completion: the order is paid and refunded in full", async () => {
    const order = await reservedOrder("country-sourdough");
    const refunded = chargeEvent("charge.refunded", order, { amount_refunded: order.totalPence, refunded: true });
    expect(await handleStripeEvent(testContext(), refunded)).toBe("processed");
    await handleStripeEvent(testContext(), sessionEvent("checkout.session.completed", order));
    const row = await env.DB.prepare("SELECT status, refunded_pence FROM orders WHERE id = ?")
      .bind(order.id)
      .first<{ status: string; refunded_pence: number }>();
    expect(row).toEqual({ status: "refunded", refunded_pence: order.totalPence });
  });

  it("a dispute before the completion flags the order once it is paid", async () => {
    const order = await reservedOrder("country-sourdough");
    await handleStripeEvent(testContext(), disputeEvent(order));
    await handleStripeEvent(testContext(), sessionEvent("checkout.session.completed", order));
    expect(await orderRow(order.id)).toMatchObject({ status: "paid", flag: "dispute" });
  });

  it("every ordering of completed, expired, partly refunded and disputed ends the same, but for the expiry flag", async () => {
    const kinds = ["completed", "expired", "refunded", "disputed"] as const;
    const orderings = permutations([...kinds]);
    expect(orderings).toHaveLength(24);
    for (const ordering of orderings) {
      const heldBefore = await held("country-sourdough");
      const order = await reservedOrder("country-sourdough");
      const events = {
        completed: sessionEvent("checkout.session.completed", order),
        expired: sessionEvent("checkout.session.expired", order, { payment_status: "unpaid", status: "expired" }),
        refunded: chargeEvent("charge.refunded", order, { amount_refunded: 100, refunded: false }),
        disputed: disputeEvent(order),
      };
      for (const kind of ordering) await handleStripeEvent(testContext(), events[kind]);
      // And Stripe delivers one of them again, late.
      await handleStripeEvent(testContext(), events[ordering[0] ?? "completed"]);
      const label = ordering.join(" → ");
      const row = await env.DB.prepare("SELECT status, refunded_pence FROM orders WHERE id = ?")
        .bind(order.id)
        .first<{ status: string; refunded_pence: number }>();
      expect(row, label).toEqual({ status: "paid", refunded_pence: 100 });
      const expiredFirst = ordering.indexOf("expired") < ordering.indexOf("completed");
      expect((await orderRow(order.id))?.flag, label).toBe(expiredFirst ? "dispute,paid_after_expiry" : "dispute");
      // Stock: held while paid in time; given back once (never twice) if the expiry came first.
      expect(await held("country-sourdough"), label).toBe(expiredFirst ? heldBefore : heldBefore + 1);
      expect(await confirmationEmails(order.id), label).toBe(1);
    }
  });
});

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe("problem 6: flags are a set", () => {
  it("a dispute on an order paid after expiry keeps both flags, each resolved on its own", async () => {
    const order = await reservedOrder("country-sourdough");
    await handleStripeEvent(
      testContext(),
      sessionEvent("checkout.session.expired", order, { payment_status: "unpaid", status: "expired" }),
    );
    await handleStripeEvent(testContext(), sessionEvent("checkout.session.completed", order));
    await handleStripeEvent(
      testContext(),
      eventObject(
        "charge.dispute.created",
        disputeObject({ payment_intent: `pi_${order.number}` }),
      ) as unknown as Stripe.Event,
    );
    expect((await orderRow(order.id))?.flag).toBe("dispute,paid_after_expiry");
  });
});

describe("problem 5: a refund's outcome is Stripe's, and only a refund that went through is emailed", () => {
  /** A paid order whose payment the stand-in took with `card` (which decides how refunds end). */
  async function orderPaidWith(card: string) {
    const order = await reservedOrder("country-sourdough");
    await createCheckoutSession(testContext(), { ...order, deliveryFeePence: 0 }, "https://shop.test");
    const sessionId = await env.DB.prepare("SELECT stripe_session_id FROM orders WHERE id = ?")
      .bind(order.id)
      .first<string>("stripe_session_id");
    const paid = await fetch(`${env.STANDIN_URL}/c/pay/${sessionId}`, {
      method: "POST",
      body: new URLSearchParams({ action: "pay", card }),
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    await paid.arrayBuffer();
    const stripe = new Stripe("sk_test_standin", { httpClient: Stripe.createFetchHttpClient(), ...standinHost() });
    const session = await stripe.checkout.sessions.retrieve(sessionId ?? "");
    const intent = String(session.payment_intent);
    await handleStripeEvent(
      testContext(),
      sessionEvent("checkout.session.completed", { ...order, sessionId: sessionId ?? "" }, { payment_intent: intent }),
    );
    expect((await orderRow(order.id))?.status).toBe("paid");
    return order;
  }

  const refundState = (orderId: number) =>
    env.DB.prepare(
      `SELECT r.status, r.stripe_refund_id AS stripeRefundId, o.refunded_pence AS refundedPence, o.status AS orderStatus,
         (SELECT count(*) FROM email_outbox WHERE order_id = o.id AND kind LIKE 'refund-%') AS emails
       FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.order_id = ?`,
    )
      .bind(orderId)
      .first<{ status: string; stripeRefundId: string; refundedPence: number; orderStatus: string; emails: number }>();

  const refundEvent = (type: string, refund: Record<string, unknown>) =>
    eventObject(type, { object: "refund", failure_reason: null, ...refund }) as unknown as Stripe.Event;

  async function askForRefund(order: Order) {
    const admin = await env.DB.prepare("SELECT id FROM users WHERE role = 'admin' LIMIT 1").first<number>("id");
    return refundOrder(testContext(), {
      number: order.number,
      amountPence: order.totalPence,
      reason: "Oven broke down",
      cancel: false,
      idempotencyKey: crypto.randomUUID(),
      actorId: admin ?? 1,
      origin: "https://shop.test",
    });
  }

  it("pending, then succeeded: the customer is emailed once, when it goes through", async () => {
    const order = await orderPaidWith("4000000000007726");
    const asked = await askForRefund(order);
    expect(asked).toMatchObject({ ok: true, outcome: "pending" });
    expect(await refundState(order.id)).toMatchObject({ status: "pending", refundedPence: 0, emails: 0 });
    // Another refund cannot take the same money while this one is pending.
    expect((await askForRefund(order)).ok).toBe(false);

    const { stripeRefundId } = (await refundState(order.id)) ?? { stripeRefundId: "" };
    const settled = refundEvent("refund.updated", {
      id: stripeRefundId,
      status: "succeeded",
      amount: order.totalPence,
    });
    expect(await handleStripeEvent(testContext(), settled)).toBe("processed");
    expect(await handleStripeEvent(testContext(), settled)).toBe("duplicate");
    expect(await refundState(order.id)).toMatchObject({
      status: "succeeded",
      refundedPence: order.totalPence,
      orderStatus: "refunded",
      emails: 1,
    });
  });

  it("pending, then failed: nothing refunded, no email, and staff see it failed", async () => {
    const order = await orderPaidWith("4000000000005126");
    expect(await askForRefund(order)).toMatchObject({ ok: true, outcome: "pending" });
    const { stripeRefundId } = (await refundState(order.id)) ?? { stripeRefundId: "" };
    const failed = refundEvent("refund.failed", {
      id: stripeRefundId,
      status: "failed",
      failure_reason: "expired_or_canceled_card",
    });
    expect(await handleStripeEvent(testContext(), failed)).toBe("processed");
    // A late "succeeded" for the same refund cannot undo the failure.
    await handleStripeEvent(testContext(), refundEvent("refund.updated", { id: stripeRefundId, status: "succeeded" }));
    expect(await refundState(order.id)).toMatchObject({
      status: "failed",
      refundedPence: 0,
      orderStatus: "paid",
      emails: 0,
    });
    const admin = await signedInAs("admin");
    const page = await get(`/admin/orders/${order.number}`, { headers: { Cookie: admin.cookie } });
    expect(page.html).toContain("failed: expired_or_canceled_card");
  });
});

describe("bank payments and the bake day", () => {
  const shopToday = () => shopLocalDateTime(new Date()).slice(0, 10);

  it("staff see an order still waiting for its bank payment once its bake day's cut-off has passed", async () => {
    // Whatever weekday the tests run on, the loaf was baked today.
    await bakedOn("country-sourdough", shopToday());
    const order = await reservedOrder("country-sourdough", 1, { slotDate: shopToday(), slotTime: "14:00" });
    await handleStripeEvent(
      testContext(),
      sessionEvent("checkout.session.completed", order, { payment_status: "unpaid" }),
    );
    const staff = await signedInAs("staff");
    const dashboard = await get("/admin", { headers: { Cookie: staff.cookie } });
    expect(dashboard.html).toContain("Bank payments still on their way");
    expect(dashboard.html).toContain(order.number);
    const page = await get(`/admin/orders/${order.number}`, { headers: { Cookie: staff.cookie } });
    expect(page.html).toContain("Awaiting bank payment");
  });

  it("a bank payment that settles after the bake day is paid and flagged for staff", async () => {
    await bakedOn("country-sourdough", addDays(shopToday(), -1));
    const order = await reservedOrder("country-sourdough", 1, {
      slotDate: addDays(shopToday(), -1),
      slotTime: "08:00",
    });
    await handleStripeEvent(
      testContext(),
      sessionEvent("checkout.session.completed", order, { payment_status: "unpaid" }),
    );
    await handleStripeEvent(testContext(), sessionEvent("checkout.session.async_payment_succeeded", order));
    expect(await orderRow(order.id)).toMatchObject({ status: "paid", flag: "paid_after_bake_day" });
  });
});

describe("the stand-in is Stripe at its worst", () => {
  it("refuses an Idempotency-Key reused with other parameters, and replays it with the same ones", async () => {
    const stripe = new Stripe("sk_test_standin", { httpClient: Stripe.createFetchHttpClient(), ...standinHost() });
    const key = `refund-${crypto.randomUUID()}`;
    const first = await stripe.refunds.create(
      { payment_intent: "pi_unknown_to_standin", amount: 100 },
      { idempotencyKey: key },
    );
    const replay = await stripe.refunds.create(
      { payment_intent: "pi_unknown_to_standin", amount: 100 },
      { idempotencyKey: key },
    );
    expect(replay.id).toBe(first.id);
    await expect(
      stripe.refunds.create({ payment_intent: "pi_unknown_to_standin", amount: 200 }, { idempotencyKey: key }),
    ).rejects.toMatchObject({ statusCode: 400, type: "StripeIdempotencyError" });
  });
});
