import { createExecutionContext, createMessageBatch, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../workers/app";
import { allowConsoleError } from "./console-guard";
import { ORIGIN, reportedEvents, signedInAs } from "./helpers";

/**
 * Error reports (issue 16, decision 023): the Worker runs with SENTRY_DSN pointing at the stand-in
 * (vitest.config.ts), which keeps every envelope it receives. Each test finds its own events by a
 * tag only it could have produced, and checks nothing secret left the Worker.
 */
describe("error reports: exactly one scrubbed event per failure (issue 16)", () => {
  it("a loader that throws is reported once, with its request id, route pattern, release and environment, and nothing secret", async () => {
    allowConsoleError(/route error/);
    // A product whose stored image data is corrupt: its page's one query fails in D1.
    const productId = await env.DB.prepare("SELECT id FROM products WHERE slug = 'country-sourdough'").first("id");
    const image = await env.DB.prepare(
      "INSERT INTO product_images (product_id, r2_key, alt, width, height, position, variants) VALUES (?, 'products/broken', 'Broken', 10, 10, 99, 'not json') RETURNING id",
    )
      .bind(productId)
      .first<number>("id");
    try {
      const { cookie } = await signedInAs("customer", "Reported Customer");
      const response = await SELF.fetch(
        `${ORIGIN}/products/country-sourdough?fresh=${crypto.randomUUID()}&token=query-secret-123&email=shopper@example.com`,
        {
          headers: {
            Cookie: cookie,
            Authorization: "Bearer header-secret-456",
            "Stripe-Signature": "t=1,v1=signature-secret-789",
            "User-Agent": "error-report-test",
          },
        },
      );
      expect(response.status).toBe(500);
      const requestId = response.headers.get("X-Request-Id") ?? "";

      const events = await reportedEvents((event) => event.tags?.request_id === requestId);
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event?.tags).toMatchObject({ request_id: requestId, route: "/products/:slug" });
      expect(event?.environment).toBe("test");
      expect(event?.release).toEqual(expect.any(String));
      // Drizzle's error, and D1's beneath it: the query is kept, the values bound to it are not.
      const messages = event?.exception?.values?.map((value) => value.value).join("\n") ?? "";
      expect(messages).toMatch(/malformed JSON/i);
      expect(messages).toContain("params: [Filtered]");
      expect(messages).not.toContain("country-sourdough,active");
      expect(event?.request?.headers).toEqual({ "user-agent": "error-report-test" });

      const sent = event?.envelope ?? "";
      const sessionValue = cookie.split(";")[0]?.split("=").slice(1).join("=") ?? "";
      expect(sessionValue.length).toBeGreaterThan(10);
      for (const secret of [
        sessionValue,
        "query-secret-123",
        "shopper@example.com",
        "header-secret-456",
        "signature-secret-789",
      ]) {
        expect(sent, secret).not.toContain(secret);
      }
    } finally {
      await env.DB.prepare("DELETE FROM product_images WHERE id = ?").bind(image).run();
    }
  });

  it("a cron run that fails is reported once, tagged with its schedule", async () => {
    allowConsoleError(/cron run failed|orphan/);
    const failure = `R2 is unavailable (${crypto.randomUUID()})`;
    // A fault injected at the binding: listing the bucket fails, so the hourly cleanup throws.
    const media = new Proxy(env.MEDIA, {
      get: (target, name) =>
        name === "list" ? () => Promise.reject(new Error(failure)) : Reflect.get(target, name, target),
    });
    const ctx = createExecutionContext();
    const run = worker.scheduled(
      { cron: "23 * * * *", scheduledTime: Date.now(), noRetry() {} },
      { ...env, MEDIA: media },
      ctx,
    );
    await expect(run).rejects.toThrow(failure);
    await waitOnExecutionContext(ctx);

    const events = await reportedEvents((event) => event.exception?.values?.some((v) => v.value === failure) ?? false);
    expect(events).toHaveLength(1);
    expect(events[0]?.tags).toMatchObject({ cron: "23 * * * *" });
  });

  it("an email given up on is reported once, however often its dead letter arrives, without its address or body", async () => {
    allowConsoleError(/email dead-lettered/);
    const outboxId = 880_000 + Math.floor(Math.random() * 10_000);
    await env.DB.prepare(
      "INSERT INTO email_outbox (id, kind, recipient, subject, html, text, status, attempts) VALUES (?, 'order-confirmation', 'dead-letter@example.com', 'Your order', '<p>secret body</p>', 'secret body', 'queued', 13)",
    )
      .bind(outboxId)
      .run();
    for (const attempt of [1, 2]) {
      const batch = createMessageBatch("bob-emails-dlq", [
        { id: `dlq-${outboxId}-${attempt}`, timestamp: new Date(), attempts: attempt, body: { outboxId } },
      ]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env, ctx);
      await waitOnExecutionContext(ctx);
    }
    expect(await env.DB.prepare("SELECT status FROM email_outbox WHERE id = ?").bind(outboxId).first("status")).toBe(
      "failed",
    );

    const events = await reportedEvents((event) => event.tags?.outbox_id === String(outboxId));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      level: "error",
      message: 'A "order-confirmation" email was given up on after every retry',
      tags: { queue: "bob-emails-dlq", outbox_id: String(outboxId) },
    });
    expect(events[0]?.envelope).not.toContain("dead-letter@example.com");
    expect(events[0]?.envelope).not.toContain("secret body");
  });
});
