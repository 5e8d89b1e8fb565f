import { createExecutionContext, createMessageBatch, env, getQueueResult, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../workers/app";
import { chargeObject, disputeObject, eventObject } from "../fixtures/stripe-objects";
import { allowConsoleError } from "./console-guard";
import { ORIGIN } from "./helpers";
import { deliverStripeEvent as deliver, held, orderRow, reservedOrder, sessionEvent } from "./orders-helpers";

type Order = Awaited<ReturnType<typeof reservedOrder>>;

const completed = (order: Order) => sessionEvent("checkout.session.completed", order);
const expired = (order: Order) =>
  sessionEvent("checkout.session.expired", order, {
    payment_status: "unpaid",
    status: "expired",
    payment_intent: null,
  });

async function outboxRows(orderId: number) {
  const { results } = await env.DB.prepare("SELECT id, status FROM email_outbox WHERE order_id = ?")
    .bind(orderId)
    .all();
  return results as { id: number; status: string }[];
}

describe("Stripe webhook signatures", () => {
  it("accepts a correctly signed event", async () => {
    const order = await reservedOrder("seeded-sourdough");
    expect(await deliver(completed(order))).toEqual({ status: 200, body: { received: true, outcome: "processed" } });
    expect((await orderRow(order.id))?.status).toBe("paid");
  });

  it("rejects a bad signature with 400 and changes nothing", async () => {
    const order = await reservedOrder("seeded-sourdough");
    const result = await deliver(completed(order), { secret: "whsec_someone_else" });
    expect(result.status).toBe(400);
    expect((await orderRow(order.id))?.status).toBe("pending");
  });

  it("rejects a stale signature (replayed after the tolerance window)", async () => {
    const order = await reservedOrder("seeded-sourdough");
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    expect((await deliver(completed(order), { timestamp: tenMinutesAgo })).status).toBe(400);
    expect((await orderRow(order.id))?.status).toBe("pending");
  });

  it("rejects a missing signature and GET requests", async () => {
    const response = await SELF.fetch(`${ORIGIN}/webhooks/stripe`, { method: "POST", body: "{}" });
    expect(response.status).toBe(400);
    expect((await SELF.fetch(`${ORIGIN}/webhooks/stripe`)).status).toBe(405);
  });
});

describe("Stripe webhook idempotency and ordering", () => {
  it("the same event delivered 3 times pays once and queues one email", async () => {
    const order = await reservedOrder("country-sourdough", 2);
    const event = completed(order);
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await deliver(event)).body.outcome);
    expect(outcomes).toEqual(["processed", "duplicate", "duplicate"]);
    expect(await outboxRows(order.id)).toHaveLength(1);
  });

  it("two deliveries at once: exactly one is processed", async () => {
    const order = await reservedOrder("country-sourdough");
    const event = completed(order);
    const results = await Promise.all([deliver(event), deliver(event)]);
    expect(results.map((r) => r.body.outcome).sort()).toEqual(["duplicate", "processed"]);
    expect(await outboxRows(order.id)).toHaveLength(1);
  });

  it("completed then expired: stays paid and keeps its stock", async () => {
    const heldBefore = await held("hundred-percent-wholemeal");
    const order = await reservedOrder("hundred-percent-wholemeal", 2);
    await deliver(completed(order));
    await deliver(expired(order));
    expect(await orderRow(order.id)).toMatchObject({ status: "paid", reservation_released: 0, flag: null });
    expect(await held("hundred-percent-wholemeal")).toBe(heldBefore + 2);
  });

  it("expired then completed: the late payment is kept, marked paid and flagged for staff", async () => {
    const heldBefore = await held("fougasse");
    const order = await reservedOrder("fougasse", 1);
    await deliver(expired(order));
    expect(await orderRow(order.id)).toMatchObject({ status: "expired", reservation_released: 1 });
    expect(await held("fougasse")).toBe(heldBefore);
    await deliver(completed(order));
    expect(await orderRow(order.id)).toMatchObject({ status: "paid", flag: "paid_after_expiry" });
  });

  it("an unpaid completion waits for the async payment, which then pays or releases", async () => {
    const paid = await reservedOrder("brioche-loaf");
    await deliver(sessionEvent("checkout.session.completed", paid, { payment_status: "unpaid" }));
    expect((await orderRow(paid.id))?.status).toBe("awaiting_payment");
    await deliver(sessionEvent("checkout.session.async_payment_succeeded", paid));
    expect((await orderRow(paid.id))?.status).toBe("paid");

    const failed = await reservedOrder("brioche-loaf");
    await deliver(sessionEvent("checkout.session.completed", failed, { payment_status: "unpaid" }));
    await deliver(sessionEvent("checkout.session.async_payment_failed", failed, { payment_status: "unpaid" }));
    expect(await orderRow(failed.id)).toMatchObject({ status: "expired", reservation_released: 1 });
  });

  it("refunds and disputes update the order; other event types are ignored", async () => {
    const order = await reservedOrder("cardamom-bun");
    await deliver(completed(order));
    await deliver(eventObject("charge.dispute.created", disputeObject({ payment_intent: `pi_${order.number}` })));
    expect((await orderRow(order.id))?.flag).toBe("dispute");
    // A partial refund made in the Stripe dashboard: recorded, the order stays paid.
    await deliver(
      eventObject(
        "charge.refunded",
        chargeObject({ payment_intent: `pi_${order.number}`, refunded: false, amount_refunded: 100 }),
      ),
    );
    const partly = await env.DB.prepare("SELECT status, refunded_pence FROM orders WHERE id = ?")
      .bind(order.id)
      .first();
    expect(partly).toMatchObject({ status: "paid", refunded_pence: 100 });
    await deliver(
      eventObject(
        "charge.refunded",
        chargeObject({ payment_intent: `pi_${order.number}`, refunded: true, amount_refunded: order.totalPence }),
      ),
    );
    expect((await orderRow(order.id))?.status).toBe("refunded");
    expect((await deliver(eventObject("customer.created", { id: "cus_1", object: "customer" }))).body.outcome).toBe(
      "ignored",
    );
  });
});

describe("confirmation email queue", () => {
  async function runQueue(queue: string, outboxId: number, attempts = 1) {
    const batch = createMessageBatch(queue, [
      { id: `m-${outboxId}-${attempts}`, timestamp: new Date(), attempts, body: { outboxId } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    return getQueueResult(batch, ctx);
  }

  it("sends through Resend (the stand-in) and records it", async () => {
    const order = await reservedOrder("danish-rye");
    await deliver(completed(order));
    const [row] = await outboxRows(order.id);
    const result = await runQueue("bob-emails", row?.id ?? 0);
    expect(result.explicitAcks).toHaveLength(1);
    const sent = await env.DB.prepare("SELECT status, subject, text FROM email_outbox WHERE id = ?")
      .bind(row?.id)
      .first();
    expect(sent).toMatchObject({ status: "sent", subject: `Your Band of Bakers order ${order.number}` });
    expect(String(sent?.text)).toContain("Danish Rye (Rugbrød) × 1");
  });

  it("a provider failure is retried, then dead-lettered, and the order stays paid", async () => {
    const order = await reservedOrder("danish-rye", 1, { email: "provider-fails@example.com" });
    await deliver(completed(order));
    const [row] = await outboxRows(order.id);
    const first = await runQueue("bob-emails", row?.id ?? 0, 1);
    expect(first.retryMessages).toHaveLength(1);
    expect(
      await env.DB.prepare("SELECT status, attempts FROM email_outbox WHERE id = ?").bind(row?.id).first(),
    ).toMatchObject({
      status: "queued",
      attempts: 1,
    });
    // After max_retries the runtime moves the message to the dead-letter queue, which logs an error.
    allowConsoleError(/email dead-lettered/);
    const dead = await runQueue("bob-emails-dlq", row?.id ?? 0, 4);
    expect(dead.explicitAcks).toHaveLength(1);
    expect(await env.DB.prepare("SELECT status FROM email_outbox WHERE id = ?").bind(row?.id).first("status")).toBe(
      "failed",
    );
    expect((await orderRow(order.id))?.status).toBe("paid");
  });
});
