import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { unsubscribeUrl } from "../../app/modules/email/unsubscribe-links.server";
import { notifyWhenBack } from "../../app/modules/notify/notify-me.server";
import { parseEnv } from "../../app/modules/platform/env.server";
import { productBakeDays } from "../../app/modules/production/bake-days.server";
import worker from "../../workers/app";
import { freshCatalogVersion, get, ORIGIN, postForm, signedInAs, testContext } from "./helpers";
import { bakedOn, details, product, reservedOrder } from "./orders-helpers";

const SLUG = "country-sourdough";

/** Bake days this file has planned already: each test takes its own. */
const usedDays = new Set<string>();

/**
 * A collection slot on a day the product page lists (its next eight bake days: the form offers
 * only those) that no other test here has planned the loaf for.
 */
async function freshSlot() {
  const shown = new Set((await productBakeDays(testContext(), (await product(SLUG)).id)).days.map((day) => day.date));
  for (let tries = 0; tries < 1000; tries++) {
    const slot = details();
    if (shown.has(slot.slotDate) && !usedDays.has(slot.slotDate)) {
      usedDays.add(slot.slotDate);
      return slot;
    }
  }
  throw new Error("no bake day left to use");
}

/** A bake day for the loaf with exactly one planned, held by an order: sold out. */
async function soldOutDay() {
  const slot = await freshSlot();
  await bakedOn(SLUG, slot.slotDate, 1);
  await reservedOrder(SLUG, 1, { slotDate: slot.slotDate, slotTime: slot.slotTime });
  return slot.slotDate;
}

const ask = async (date: string, email: string) =>
  postForm(`/products/${SLUG}`, { productId: (await product(SLUG)).id, date, email });

const requestOf = (email: string) =>
  env.DB.prepare("SELECT id, status, notified_at FROM notify_requests WHERE address = ?")
    .bind(email.toLowerCase())
    .first<{ id: number; status: string; notified_at: string | null }>();

const notifyEmailsTo = (email: string) =>
  env.DB.prepare(
    "SELECT id, subject, unsubscribe_url, status FROM email_outbox WHERE kind = 'notify-me' AND recipient = ?",
  )
    .bind(email.toLowerCase())
    .all<{ id: number; subject: string; unsubscribe_url: string; status: string }>();

const cron = () => notifyWhenBack({ ...testContext(), now: () => new Date() }, ORIGIN);

describe("tell me when it's back (issue 18)", () => {
  // Product pages are cached by catalogue version; an earlier file's copy must not be read.
  beforeAll(freshCatalogVersion);

  it("a shopper waits for a sold-out day without JavaScript; raising the plan tells them once, through the outbox, with one-click unsubscribe", {
    timeout: 30_000,
  }, async () => {
    const date = await soldOutDay();
    const page = await get(`/products/${SLUG}`);
    expect(page.html).toContain("Sold out on the day you want?");
    expect(page.html).toMatch(new RegExp(`<option value="${date}"[^>]*>[^<]*sold out`));

    const email = `Waiting-${crypto.randomUUID()}@example.com`;
    const asked = await ask(date, email);
    expect(asked.response.status).toBe(303);
    expect(asked.response.headers.get("Location")).toBe(`/products/${SLUG}`);
    // Asking twice is one request.
    expect((await ask(date, email)).response.status).toBe(303);
    expect((await requestOf(email))?.status).toBe("waiting");

    // Still sold out: nobody is told.
    await cron();
    expect((await notifyEmailsTo(email)).results).toHaveLength(0);
    // Staff see the demand on the production grid.
    const staff = await signedInAs("staff");
    expect((await get("/admin/production", { headers: { Cookie: staff.cookie } })).html).toContain("1 waiting");

    // The baker raises the plan: the next run tells them, once.
    await bakedOn(SLUG, date, 4);
    const [first, second] = await Promise.all([cron(), cron()]);
    expect(first.told + second.told).toBe(1);
    expect((await cron()).told).toBe(0);
    const emails = (await notifyEmailsTo(email)).results;
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toMatch(/^Country Sourdough is back for /);
    const request = await requestOf(email);
    expect(request?.status).toBe("sent");
    const link = await unsubscribeUrl(parseEnv(env), ORIGIN, "notify", request?.id ?? 0, email.toLowerCase());
    expect(emails[0]?.unsubscribe_url).toBe(link);

    // The email queue sends it with the headers a mail app needs for its own Unsubscribe button
    // (delivered here rather than waiting on the queue's own timing; sent once either way).
    await deliverEmailMessage(emails[0]?.id ?? 0);
    const sent = await waitForStandinEmail(email.toLowerCase());
    expect(sent?.headers).toEqual({
      "List-Unsubscribe": `<${link}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(sent?.html).toContain(`${ORIGIN}/products/${SLUG}`);
  });

  it("a drop: waiting for a day not open yet, told when it opens", async () => {
    const date = (await freshSlot()).slotDate;
    await bakedOn(SLUG, date, 10);
    // Opens far in the future (shop time).
    await env.DB.prepare("INSERT OR REPLACE INTO drops (bake_date, opens_at) VALUES (?, '2099-01-01T18:00')")
      .bind(date)
      .run();
    const email = `drop-${crypto.randomUUID()}@example.com`;
    expect((await ask(date, email)).response.status).toBe(303);
    await cron();
    expect((await notifyEmailsTo(email)).results).toHaveLength(0);
    // The drop opens.
    await env.DB.prepare("UPDATE drops SET opens_at = '2000-01-01T18:00' WHERE bake_date = ?").bind(date).run();
    await cron();
    expect((await notifyEmailsTo(email)).results).toHaveLength(1);
    await env.DB.prepare("DELETE FROM drops WHERE bake_date = ?").bind(date).run();
  });

  it("refuses by the field: a day with some left, an address that is not one, too many waiting; the values are kept", async () => {
    const slot = await freshSlot();
    await bakedOn(SLUG, slot.slotDate, 20);
    const open = await ask(slot.slotDate, `open-${crypto.randomUUID()}@example.com`);
    expect(open.response.status).toBe(409);
    expect(open.html).toContain("There are some left that day: you can order it now");

    const date = await soldOutDay();
    const bad = await ask(date, "not an address");
    expect(bad.response.status).toBe(400);
    expect(bad.html).toContain("Enter an email address like name@example.com");
    expect(bad.html).toContain('value="not an address"');

    const busy = `busy-${crypto.randomUUID()}@example.com`;
    const productId = (await product(SLUG)).id;
    await env.DB.prepare(
      `INSERT INTO notify_requests (address, product_id, bake_date)
       SELECT ?, ?, date('2099-01-01', '+' || value || ' days') FROM json_each('[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19]')`,
    )
      .bind(busy, productId)
      .run();
    const tooMany = await ask(date, busy);
    expect(tooMany.response.status).toBe(429);
    expect(tooMany.html).toContain("already waiting for 20 bakes");
  });

  it("the unsubscribe link cancels every bake the address waits for; a day that passes expires its request", async () => {
    const date = await soldOutDay();
    const email = `leaver-${crypto.randomUUID()}@example.com`;
    await ask(date, email);
    const request = await requestOf(email);
    const link = await unsubscribeUrl(parseEnv(env), ORIGIN, "notify", request?.id ?? 0, email);
    const page = await get(new URL(link).pathname);
    expect(page.html).toContain("emails telling you a bake is back");
    const pressed = await postForm(new URL(link).pathname, { intent: "unsubscribe" });
    expect(pressed.response.status).toBe(303);
    expect((await requestOf(email))?.status).toBe("cancelled");
    await bakedOn(SLUG, date, 5);
    await cron();
    expect((await notifyEmailsTo(email)).results).toHaveLength(0);

    const past = `past-${crypto.randomUUID()}@example.com`;
    await env.DB.prepare("INSERT INTO notify_requests (address, product_id, bake_date) VALUES (?, ?, '2020-01-03')")
      .bind(past, (await product(SLUG)).id)
      .run();
    await cron();
    expect((await requestOf(past))?.status).toBe("expired");
  });
});

async function deliverEmailMessage(outboxId: number) {
  const batch = createMessageBatch("bob-emails", [
    { id: `notify-${outboxId}`, timestamp: new Date(), attempts: 1, body: { outboxId } },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  await getQueueResult(batch, ctx);
}

async function waitForStandinEmail(address: string) {
  type Sent = { to: string | string[]; html: string; headers?: Record<string, string> };
  for (let i = 0; i < 80; i++) {
    const { data } = (await (await fetch(`${env.STANDIN_URL}/emails`)).json()) as { data: Sent[] };
    const found = data.find((email) => [email.to].flat().includes(address));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}
