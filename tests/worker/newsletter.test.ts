import { env, SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { NEWSLETTER } from "../../app/lib/constants";
import { unsubscribeUrl } from "../../app/modules/email/unsubscribe-links.server";
import { requeueStuckEmails } from "../../app/modules/jobs/release-expired.server";
import { sendNewsletterBatch } from "../../app/modules/newsletter/send-newsletter.server";
import { parseEnv } from "../../app/modules/platform/env.server";
import { get, ORIGIN, postForm, signedInAs, testContext } from "./helpers";
import { deliverStripeEvent, reservedOrder, sessionEvent } from "./orders-helpers";

type StandinEmail = {
  id: string;
  to: string | string[];
  subject: string;
  html: string;
  text: string;
  batch?: unknown;
  headers?: Record<string, string>;
};

async function standinEmails(): Promise<StandinEmail[]> {
  return ((await (await fetch(`${env.STANDIN_URL}/emails`)).json()) as { data: StandinEmail[] }).data;
}
const copiesTo = (emails: StandinEmail[], address: string, subject: string) =>
  emails.filter((email) => [email.to].flat().includes(address) && email.subject === subject);

const resendOutage = (minutes: number) =>
  fetch(`${env.STANDIN_URL}/__standin/resend-outage?minutes=${minutes}`, { method: "POST" });

/** `count` subscribers with addresses unique to this run, written as the checkout would. */
async function subscribers(count: number, tag: string): Promise<string[]> {
  const addresses = Array.from(
    { length: count },
    (_, i) => `${tag}-${i}-${crypto.randomUUID().slice(0, 8)}@example.com`,
  );
  await env.DB.prepare(
    `INSERT INTO newsletter_subscribers (address, status, consent_version, consented_at, source)
     SELECT value, 'subscribed', ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'checkout' FROM json_each(?)`,
  )
    .bind(NEWSLETTER.consent.version, JSON.stringify(addresses))
    .run();
  return addresses;
}

const newsletterRow = (id: number) =>
  env.DB.prepare("SELECT status, recipients, version, sent_at FROM newsletters WHERE id = ?")
    .bind(id)
    .first<{ status: string; recipients: number; version: number; sent_at: string | null }>();

const copyCounts = async (id: number) =>
  Object.fromEntries(
    (
      await env.DB.prepare("SELECT status, count(*) AS n FROM email_outbox WHERE newsletter_id = ? GROUP BY status")
        .bind(id)
        .all<{ status: string; n: number }>()
    ).results.map((row) => [row.status, row.n]),
  );

async function draft(
  cookie: string,
  subject: string,
  body = "## Saturday\n\nCardamom buns are back. [Order now](/shop)",
) {
  const created = await postForm("/admin/newsletters", { subject, body }, cookie);
  expect(created.response.status).toBe(303);
  return Number(created.response.headers.get("Location")?.split("/").at(-1));
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, seconds = 30): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const sendContext = () => {
  const ctx = testContext();
  return { env: ctx.env, db: ctx.db, logger: ctx.logger, origin: ORIGIN };
};

describe("the newsletter (issue 18)", () => {
  beforeEach(async () => {
    // Each test owns the list: what a send addresses is everyone subscribed.
    await env.DB.batch([
      env.DB.prepare("DELETE FROM email_outbox WHERE newsletter_id IS NOT NULL"),
      env.DB.prepare("DELETE FROM newsletters"),
      env.DB.prepare("DELETE FROM newsletter_subscribers"),
    ]);
  });

  it("the box ticked at checkout subscribes the address when the order is paid, with the wording's version and when it was ticked; unticked, or unpaid, nothing", async () => {
    const email = `ticked-${crypto.randomUUID()}@example.com`;
    const ticked = await reservedOrder("country-sourdough", 1, {
      email,
      newsletterConsent: NEWSLETTER.consent.version,
    });
    const unticked = await reservedOrder("country-sourdough", 1, {
      email: `unticked-${crypto.randomUUID()}@example.com`,
    });
    const count = () => env.DB.prepare("SELECT count(*) AS n FROM newsletter_subscribers").first<number>("n");
    expect(await count()).toBe(0);

    expect((await deliverStripeEvent(sessionEvent("checkout.session.completed", ticked))).status).toBe(200);
    expect((await deliverStripeEvent(sessionEvent("checkout.session.completed", unticked))).status).toBe(200);
    // The same event again changes nothing.
    expect((await deliverStripeEvent(sessionEvent("checkout.session.completed", ticked))).status).toBe(200);
    const row = await env.DB.prepare(
      `SELECT s.status, s.consent_version, s.consented_at, s.source, o.created_at AS placed
       FROM newsletter_subscribers s JOIN orders o ON o.id = ? WHERE s.address = ?`,
    )
      .bind(ticked.id, email)
      .first<Record<string, string>>();
    expect(row).toMatchObject({
      status: "subscribed",
      consent_version: NEWSLETTER.consent.version,
      source: "checkout",
    });
    expect(row?.consented_at).toBe(row?.placed);
    expect(await count()).toBe(1);
  });

  it("the checkout page offers the box unticked, in the words whose version is recorded", async () => {
    const id = await env.DB.prepare("SELECT id FROM products WHERE slug = 'country-sourdough'").first<number>("id");
    const added = await postForm("/basket", { intent: "add", productId: String(id), quantity: "1" });
    const cookie = added.response.headers.get("Set-Cookie")?.split(";")[0] ?? "";
    const page = await get("/checkout", { headers: { Cookie: cookie } });
    expect(page.response.status).toBe(200);
    const box = page.html.match(/<input[^>]*name="newsletter"[^>]*>/)?.[0] ?? "";
    expect(box).toContain('type="checkbox"');
    expect(box).not.toContain("checked");
    expect(page.html).toContain(NEWSLETTER.consent.wording.replaceAll("'", "&#x27;"));
  });

  it("an account subscribes and stops from its page; an address not yet confirmed cannot be signed up", async () => {
    const customer = await signedInAs("customer");
    const before = await get("/account/newsletter", { headers: { Cookie: customer.cookie } });
    expect(before.html).toContain("You don&#x27;t get");
    // signedInAs's accounts have not confirmed their address.
    const refused = await postForm("/account/newsletter", { subscribe: "on" }, customer.cookie);
    expect(refused.response.status).toBe(409);
    expect(refused.html).toContain("Confirm your email address first");

    await env.DB.prepare("UPDATE users SET email_verified_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?")
      .bind(customer.id)
      .run();
    expect((await postForm("/account/newsletter", { subscribe: "on" }, customer.cookie)).response.status).toBe(303);
    const row = () =>
      env.DB.prepare("SELECT status, source, user_id, unsubscribed_by FROM newsletter_subscribers WHERE address = ?")
        .bind(customer.email.toLowerCase())
        .first<Record<string, unknown>>();
    expect(await row()).toMatchObject({ status: "subscribed", source: "account", user_id: customer.id });
    expect((await get("/account", { headers: { Cookie: customer.cookie } })).html).toContain("Newsletter: on");

    expect((await postForm("/account/newsletter", {}, customer.cookie)).response.status).toBe(303);
    expect(await row()).toMatchObject({ status: "unsubscribed", unsubscribed_by: "account" });
  });

  it("staff write, preview and send: every subscriber gets one copy, in batches of 100, with their own one-click unsubscribe headers; unsubscribed and bounced addresses get none", {
    timeout: 60_000,
  }, async () => {
    const list = await subscribers(230, "list");
    const [gone] = await subscribers(1, "gone");
    const [bounced] = await subscribers(1, "bounced");
    await env.DB.batch([
      env.DB.prepare("UPDATE newsletter_subscribers SET status = 'unsubscribed' WHERE address = ?").bind(gone),
      env.DB.prepare("INSERT INTO email_suppressions (address, reason, event_id) VALUES (?, 'bounced', ?)").bind(
        bounced,
        crypto.randomUUID(),
      ),
    ]);
    const staff = await signedInAs("staff");
    const subject = `This week's bake ${crypto.randomUUID().slice(0, 6)}`;
    const id = await draft(staff.cookie, subject);

    const page = await get(`/admin/newsletters/${id}`, { headers: { Cookie: staff.cookie } });
    expect(page.html).toContain("send it to 230 subscribers now");
    const preview = await SELF.fetch(`${ORIGIN}/admin/newsletters/${id}/preview`, {
      headers: { Cookie: staff.cookie },
    });
    expect(preview.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    const previewHtml = await preview.text();
    expect(previewHtml).toContain("Cardamom buns are back");
    expect(previewHtml).toContain(`href="${ORIGIN}/shop"`);
    const customer = await signedInAs("customer");
    expect((await get(`/admin/newsletters/${id}`, { headers: { Cookie: customer.cookie } })).response.status).toBe(403);
    expect(
      (await postForm(`/admin/newsletters/${id}`, { intent: "send", version: 1, confirm: "on" }, customer.cookie))
        .response.status,
    ).toBe(403);

    // Not ticked: refused by the box, nothing written.
    const unticked = await postForm(`/admin/newsletters/${id}`, { intent: "send", version: 1 }, staff.cookie);
    expect(unticked.response.status).toBe(400);
    expect(unticked.html).toContain("Tick the box to say this newsletter is ready to go");
    // Saved again meanwhile: the version previewed is not the one that would go.
    const saved = await postForm(
      `/admin/newsletters/${id}`,
      { intent: "save", subject, body: "Sourdough and buns", version: 1 },
      staff.cookie,
    );
    expect(saved.response.status).toBe(303);
    const stale = await postForm(
      `/admin/newsletters/${id}`,
      { intent: "send", version: 1, confirm: "on" },
      staff.cookie,
    );
    expect(stale.response.status).toBe(409);
    expect(await copyCounts(id)).toEqual({});

    // Two clicks at once: one send.
    const [first, second] = await Promise.all([
      postForm(`/admin/newsletters/${id}`, { intent: "send", version: 2, confirm: "on" }, staff.cookie),
      postForm(`/admin/newsletters/${id}`, { intent: "send", version: 2, confirm: "on" }, staff.cookie),
    ]);
    expect([first.response.status, second.response.status].sort()).toEqual([303, 409]);
    expect((await newsletterRow(id))?.recipients).toBe(230);
    // An edit after sending began is refused.
    const late = await postForm(
      `/admin/newsletters/${id}`,
      { intent: "save", subject, body: "Changed", version: 3 },
      staff.cookie,
    );
    expect(late.response.status).toBe(409);

    // The email queue's consumer sends it, batch after batch.
    const done = await waitFor(
      () => newsletterRow(id),
      (row) => row?.status === "sent",
    );
    expect(done?.status).toBe("sent");
    expect(await copyCounts(id)).toEqual({ sent: 230 });

    const emails = await standinEmails();
    for (const address of list) expect(copiesTo(emails, address, subject)).toHaveLength(1);
    expect(copiesTo(emails, gone ?? "", subject)).toHaveLength(0);
    expect(copiesTo(emails, bounced ?? "", subject)).toHaveLength(0);
    const batches = new Set(emails.filter((email) => email.subject === subject).map((email) => email.batch));
    expect(batches.size).toBe(3);

    const [one] = copiesTo(emails, list[0] ?? "", subject);
    const subscriberId = await env.DB.prepare("SELECT id FROM newsletter_subscribers WHERE address = ?")
      .bind(list[0])
      .first<number>("id");
    const link = await unsubscribeUrl(parseEnv(env), ORIGIN, "newsletter", subscriberId ?? 0, list[0] ?? "");
    expect(one?.headers).toEqual({
      "List-Unsubscribe": `<${link}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(one?.html).toContain(link);
    expect(one?.text).toContain(link);
    expect(one?.html).toContain("Sourdough and buns");
    // Each copy's link is its own.
    const [other] = copiesTo(emails, list[1] ?? "", subject);
    expect(other?.html).not.toContain(link);

    // The list page counts it.
    const listPage = await get("/admin/newsletters", { headers: { Cookie: staff.cookie } });
    expect(listPage.html).toContain(subject);
  });

  it("one-click unsubscribe (RFC 8058) and the page without JavaScript: only with the token made for that list, row and address; opening the link changes nothing", async () => {
    const [address, other] = await subscribers(2, "leaver");
    const idOf = (a: string | undefined) =>
      env.DB.prepare("SELECT id FROM newsletter_subscribers WHERE address = ?").bind(a).first<number>("id");
    const id = (await idOf(address)) ?? 0;
    const otherId = (await idOf(other)) ?? 0;
    const link = await unsubscribeUrl(parseEnv(env), ORIGIN, "newsletter", id, address ?? "");
    const path = new URL(link).pathname;
    const status = (rowId: number) =>
      env.DB.prepare("SELECT status, unsubscribed_by FROM newsletter_subscribers WHERE id = ?")
        .bind(rowId)
        .first<{ status: string; unsubscribed_by: string | null }>();

    // Opening the link (a mail scanner does) only asks.
    const opened = await get(path);
    expect(opened.response.status).toBe(200);
    expect(opened.response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(opened.html).toContain("Stop sending");
    expect(opened.html).not.toContain(address);
    expect((await status(id))?.status).toBe("subscribed");

    // The token is bound to the row and address: not another row's, not another list's, not altered.
    const token = path.split("/").at(-1) ?? "";
    for (const wrong of [
      `/unsubscribe/newsletter/${otherId}/${token}`,
      `/unsubscribe/notify/${id}/${token}`,
      `/unsubscribe/newsletter/${id}/${token.replace(/.$/, (c) => (c === "0" ? "1" : "0"))}`,
      `/unsubscribe/newsletter/${id}/short`,
    ]) {
      expect((await get(wrong)).response.status).toBe(404);
      const post = await SELF.fetch(`${ORIGIN}${wrong}`, {
        method: "POST",
        body: "List-Unsubscribe=One-Click",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
      expect(post.status).toBe(404);
    }
    expect((await status(otherId))?.status).toBe("subscribed");

    // The mail app's one-click POST: no cookies, no Origin (it comes from the mail provider).
    const oneClick = await SELF.fetch(link.replace(ORIGIN, ORIGIN), {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(oneClick.status).toBe(200);
    expect(await status(id)).toEqual({ status: "unsubscribed", unsubscribed_by: "one-click" });
    // Again: still fine, nothing more.
    expect(
      (
        await SELF.fetch(link, {
          method: "POST",
          body: "List-Unsubscribe=One-Click",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        })
      ).status,
    ).toBe(200);
    expect((await get(path)).html).toContain("You&#x27;re unsubscribed");

    // The page's own button (JavaScript off): a form post, answered by the page again.
    const otherLink = await unsubscribeUrl(parseEnv(env), ORIGIN, "newsletter", otherId, other ?? "");
    const pressed = await postForm(new URL(otherLink).pathname, { intent: "unsubscribe" });
    expect(pressed.response.status).toBe(303);
    expect(await status(otherId)).toEqual({ status: "unsubscribed", unsubscribed_by: "link" });
  });

  it("a send that reached Resend before a crash is not sent again: the retry sends the same batch under the same key", async () => {
    const list = await subscribers(3, "crash");
    const subject = `Crash test ${crypto.randomUUID().slice(0, 6)}`;
    // A newsletter mid-send, written as startSending writes it, without its queue message (this
    // test drives the batches itself).
    const id = await env.DB.prepare(
      "INSERT INTO newsletters (subject, body, status, send_started_at) VALUES (?, 'Rye and rolls', 'sending', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) RETURNING id",
    )
      .bind(subject)
      .first<number>("id");
    await env.DB.prepare(
      "INSERT INTO email_outbox (kind, newsletter_id, recipient, subject) SELECT 'newsletter', ?, value, ? FROM json_each(?)",
    )
      .bind(id, subject, JSON.stringify(list))
      .run();
    expect(await sendNewsletterBatch(sendContext(), id ?? 0)).toBe("more");
    const sentIds = (
      await env.DB.prepare("SELECT provider_id FROM email_outbox WHERE newsletter_id = ? ORDER BY id")
        .bind(id)
        .all<{ provider_id: string }>()
    ).results.map((row) => row.provider_id);
    // The crash: Resend took the batch, but the shop never recorded it (the rows still queued, their lease run out).
    await env.DB.prepare(
      "UPDATE email_outbox SET status = 'queued', provider_id = NULL, attempts = 0, next_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 second') WHERE newsletter_id = ?",
    )
      .bind(id)
      .run();
    // A second consumer meanwhile (a duplicate message) finds the batch held once the first takes it.
    const [again, duplicate] = await Promise.all([
      sendNewsletterBatch(sendContext(), id ?? 0),
      sendNewsletterBatch(sendContext(), id ?? 0),
    ]);
    expect([again, duplicate]).toContain("more");
    const emails = await standinEmails();
    for (const address of list) expect(copiesTo(emails, address, subject)).toHaveLength(1);
    const resentIds = (
      await env.DB.prepare("SELECT provider_id FROM email_outbox WHERE newsletter_id = ? ORDER BY id")
        .bind(id)
        .all<{ provider_id: string }>()
    ).results.map((row) => row.provider_id);
    expect(resentIds).toEqual(sentIds);
    await waitFor(
      () => sendNewsletterBatch(sendContext(), id ?? 0),
      (outcome) => outcome === "done",
      5,
    );
    expect((await newsletterRow(id ?? 0))?.status).toBe("sent");
  });

  it("through a Resend outage the batch waits on the retry schedule; a lost queue message is sent again by the cron, and the send finishes with nobody twice", {
    timeout: 60_000,
  }, async () => {
    const list = await subscribers(5, "outage");
    const subject = `Outage test ${crypto.randomUUID().slice(0, 6)}`;
    const id =
      (await env.DB.prepare(
        "INSERT INTO newsletters (subject, body, status, send_started_at) VALUES (?, 'Seeded loaves', 'sending', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour')) RETURNING id",
      )
        .bind(subject)
        .first<number>("id")) ?? 0;
    await env.DB.prepare(
      `INSERT INTO email_outbox (kind, newsletter_id, recipient, subject, created_at, updated_at)
       SELECT 'newsletter', ?, value, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour') FROM json_each(?)`,
    )
      .bind(id, subject, JSON.stringify(list))
      .run();
    try {
      await resendOutage(60);
      const outcome = await sendNewsletterBatch(sendContext(), id);
      expect(outcome).toEqual({ retryInSeconds: 30 });
      const rows = await env.DB.prepare("SELECT status, attempts FROM email_outbox WHERE newsletter_id = ?")
        .bind(id)
        .all();
      expect(rows.results.every((row) => row.status === "queued" && row.attempts === 1)).toBe(true);
      // Waiting for its retry: another message finds nothing due.
      expect(await sendNewsletterBatch(sendContext(), id)).toMatchObject({ retryInSeconds: expect.any(Number) });
    } finally {
      await resendOutage(0);
    }
    // The retry's message was lost and its time long passed: the cron sends the newsletter a new one.
    await env.DB.prepare(
      "UPDATE email_outbox SET next_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-20 minutes'), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-20 minutes') WHERE newsletter_id = ?",
    )
      .bind(id)
      .run();
    expect(await requeueStuckEmails(testContext())).toBeGreaterThanOrEqual(1);
    expect(
      (
        await waitFor(
          () => newsletterRow(id),
          (row) => row?.status === "sent",
        )
      )?.status,
    ).toBe("sent");
    const emails = await standinEmails();
    for (const address of list) expect(copiesTo(emails, address, subject)).toHaveLength(1);
    // Moving again: the cron leaves a newsletter alone while it is sending.
    expect(await requeueStuckEmails(testContext())).toBe(0);
  });
});
