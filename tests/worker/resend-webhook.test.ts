import { createExecutionContext, createMessageBatch, env, getQueueResult, SELF } from "cloudflare:test";
import { Webhook } from "svix";
import { describe, expect, it } from "vitest";
import { STANDIN_RESEND_WEBHOOK_SECRET } from "../../app/modules/platform/standin-secrets";
import worker from "../../workers/app";
import { get, ORIGIN, signedInAs } from "./helpers";
import { reservedOrder } from "./orders-helpers";

/** Ids far above any other test's (a leftover queue message names a small one). */
let nextId = 8_000_000 + Math.floor(Math.random() * 1_000_000);
const unique = () => crypto.randomUUID().slice(0, 8);

async function sentEmail(recipient: string, kind = "order-ready") {
  const providerId = `em_${unique()}`;
  const id = nextId++;
  await env.DB.prepare(
    "INSERT INTO email_outbox (id, kind, recipient, subject, status, attempts, provider_id, sent_at) VALUES (?, ?, ?, 'Your bread is ready', 'sent', 1, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
  )
    .bind(id, kind, recipient, providerId)
    .run();
  return { id, providerId };
}

function emailEvent(type: string, providerId: string, to: string, bounce?: { type: string; message: string }) {
  return {
    type,
    created_at: new Date().toISOString(),
    data: {
      created_at: new Date().toISOString(),
      email_id: providerId,
      from: "Band of Bakers <orders@bandofbakers.example>",
      to: [to],
      subject: "Your bread is ready",
      ...(bounce ? { bounce: { ...bounce, subType: "General" } } : {}),
    },
  };
}

/** Posts an event signed as Resend signs them (svix), or with the headers given. */
async function post(
  event: unknown,
  options: { id?: string; secret?: string; at?: Date; headers?: Record<string, string> } = {},
) {
  const body = JSON.stringify(event);
  const id = options.id ?? `msg_${unique()}`;
  const at = options.at ?? new Date();
  const signature = new Webhook(options.secret ?? STANDIN_RESEND_WEBHOOK_SECRET).sign(id, at, body);
  const response = await SELF.fetch(`${ORIGIN}/webhooks/resend`, {
    method: "POST",
    body,
    headers: options.headers ?? {
      "Content-Type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
      "svix-signature": signature,
    },
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as { outcome?: string } | null };
}

const deliveryOf = (id: number) =>
  env.DB.prepare("SELECT delivery, delivery_detail AS detail FROM email_outbox WHERE id = ?").bind(id).first();
const suppression = (address: string) =>
  env.DB.prepare("SELECT reason, detail FROM email_suppressions WHERE address = ?").bind(address).first();
const eventCount = async () => (await env.DB.prepare("SELECT count(*) AS n FROM email_events").first<number>("n")) ?? 0;

describe("Resend's delivery webhooks (issue 16)", () => {
  it("refuses what Resend did not sign, a stale signature, a huge body, and a GET", async () => {
    const { providerId } = await sentEmail(`a-${unique()}@example.com`);
    const event = emailEvent("email.delivered", providerId, "a@example.com");
    const before = await eventCount();
    expect((await post(event, { secret: "whsec_c29tZW9uZSBlbHNlJ3Mgc2VjcmV0" })).status).toBe(400);
    expect((await post(event, { at: new Date(Date.now() - 10 * 60_000) })).status).toBe(400);
    expect((await post(event, { headers: { "Content-Type": "application/json" } })).status).toBe(400);
    const huge = await SELF.fetch(`${ORIGIN}/webhooks/resend`, { method: "POST", body: "x".repeat(70 * 1024) });
    expect(huge.status).toBe(413);
    expect((await SELF.fetch(`${ORIGIN}/webhooks/resend`)).status).toBe(405);
    expect(await eventCount()).toBe(before);
  });

  it("records delivery once per event, however often or concurrently it arrives", async () => {
    const { id, providerId } = await sentEmail(`b-${unique()}@example.com`);
    const event = emailEvent("email.delivered", providerId, "b@example.com");
    const messageId = `msg_${unique()}`;
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => post(event, { id: messageId })));
    expect(outcomes.map((o) => o.status)).toEqual([200, 200, 200, 200]);
    expect(outcomes.map((o) => o.body?.outcome).sort()).toEqual(["duplicate", "duplicate", "duplicate", "recorded"]);
    expect(await deliveryOf(id)).toEqual({ delivery: "delivered", detail: null });
  });

  it("a permanent bounce suppresses the address; a later 'delivered' or 'delayed' does not undo it", async () => {
    const address = `Gone-${unique()}@Example.com`;
    const { id, providerId } = await sentEmail(address);
    const bounced = emailEvent("email.bounced", providerId, address, {
      type: "Permanent",
      message: "The recipient's mailbox does not exist.",
    });
    expect((await post(bounced)).body?.outcome).toBe("recorded");
    // Out of order: Resend's "delivered" and "delayed" for the same email arrive after it.
    await post(emailEvent("email.delivered", providerId, address));
    await post(emailEvent("email.delivery_delayed", providerId, address));
    expect(await deliveryOf(id)).toEqual({
      delivery: "bounced",
      detail: "Permanent: The recipient's mailbox does not exist.",
    });
    expect(await suppression(address.toLowerCase())).toEqual({
      reason: "bounced",
      detail: "Permanent: The recipient's mailbox does not exist.",
    });
  });

  it("a transient bounce is noted but does not suppress; a complaint does", async () => {
    const full = `full-${unique()}@example.com`;
    const first = await sentEmail(full);
    await post(emailEvent("email.bounced", first.providerId, full, { type: "Transient", message: "Mailbox full." }));
    expect((await deliveryOf(first.id))?.delivery).toBe("bounced");
    expect(await suppression(full)).toBeNull();

    const annoyed = `annoyed-${unique()}@example.com`;
    const second = await sentEmail(annoyed);
    await post(emailEvent("email.delivered", second.providerId, annoyed));
    await post(emailEvent("email.complained", second.providerId, annoyed));
    expect((await deliveryOf(second.id))?.delivery).toBe("complained");
    expect((await suppression(annoyed))?.reason).toBe("complained");
  });

  it("signed events that are not about an email are acknowledged and change nothing", async () => {
    const before = await eventCount();
    const domain = await post({
      type: "domain.updated",
      created_at: new Date().toISOString(),
      data: { id: "d_1", name: "x" },
    });
    expect(domain).toEqual({ status: 200, body: { received: true, outcome: "ignored" } });
    expect(await eventCount()).toBe(before);
  });

  it("held back: non-essential email to a suppressed address is not sent; the receipt still is", async () => {
    const address = `held-${unique()}@example.com`;
    await env.DB.prepare("INSERT INTO email_suppressions (address, reason, event_id) VALUES (?, 'bounced', 'msg_test')")
      .bind(address)
      .run();
    const ready = nextId++;
    await env.DB.prepare(
      "INSERT INTO email_outbox (id, kind, recipient, subject, html, text) VALUES (?, 'order-ready', ?, 'Ready', '<p>Ready</p>', 'Ready')",
    )
      .bind(ready, address)
      .run();
    const batch = createMessageBatch("bob-emails", [
      { id: `m-${ready}`, timestamp: new Date(), attempts: 1, body: { outboxId: ready } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(1);
    const row = await env.DB.prepare("SELECT status, provider_id FROM email_outbox WHERE id = ?").bind(ready).first();
    expect(row).toEqual({ status: "suppressed", provider_id: null });
  });

  it("staff see on the order that the customer's email bounced, and are told to phone", async () => {
    const address = `nomail-${unique()}@example.com`;
    const order = await reservedOrder("country-sourdough", 1, { email: address, phone: "07700 900123" });
    await env.DB.prepare(
      "INSERT INTO email_suppressions (address, reason, detail, event_id) VALUES (?, 'bounced', 'Permanent: no such mailbox', 'msg_test2')",
    )
      .bind(address)
      .run();
    const staff = await signedInAs("staff");
    const { html } = await get(`/admin/orders/${order.number}`, { headers: { Cookie: staff.cookie } });
    expect(html).toContain(`Emails to ${address} bounced (Permanent: no such mailbox)`);
    expect(html).toContain("Phone the customer on 07700 900123");
  });
});
