import { createExecutionContext, createMessageBatch, env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createStripe } from "../../app/modules/payments/stripe.server";
import worker from "../../workers/app";
import { allowConsoleError } from "./console-guard";
import { clearMetrics, get, metricsPoints, ORIGIN, signedInAs, testContext } from "./helpers";

/** The METRICS binding, recording what is written instead of sending it (nothing local reads it back). */
function recordingEnv() {
  const points: AnalyticsEngineDataPoint[] = [];
  const metrics = { writeDataPoint: (point: AnalyticsEngineDataPoint) => points.push(point) };
  return { points, env: { ...env, METRICS: metrics as unknown as AnalyticsEngineDataset } };
}

describe("metrics: one Analytics Engine data point per request, queue batch and cron run (issue 16)", () => {
  it("a request's point carries its route pattern, status class, timing and D1 work, never its URL", async () => {
    const { points, env: recording } = recordingEnv();
    const response = await worker.fetch(
      new Request(`${ORIGIN}/livez?token=secret-value`) as Request<unknown, IncomingRequestCfProperties>,
      recording as Env,
      createExecutionContext(),
    );
    expect(response.status).toBe(200);
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({
      indexes: ["(no route)"],
      blobs: ["request", "(no route)", "GET", "2xx", "none", "none"],
      doubles: [200, expect.any(Number), 0, 0, 0, 0],
    });
    expect(JSON.stringify(points)).not.toContain("secret-value");
  });

  it("pages are labelled by the pattern React Router matched, never by their URL", async () => {
    // Staff, development and tests see it in Server-Timing, with what the request cost. (A query no
    // one asked before, so the page is rendered, not served whole from the page cache.)
    const response = await SELF.fetch(`${ORIGIN}/products/country-sourdough?fresh=${crypto.randomUUID()}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Server-Timing")).toContain('route;desc="/products/:slug"');
    const order = await SELF.fetch(`${ORIGIN}/admin/orders/NOSUCH`, { redirect: "manual" });
    expect(order.headers.get("Server-Timing") ?? "").toContain('route;desc="/admin/orders/:number"');
  });

  it("queue batches and cron runs write a point each: kind, name, whether it worked, how long, how many", async () => {
    const { points, env: recording } = recordingEnv();
    const ctx = createExecutionContext();
    await worker.scheduled({ cron: "*/5 * * * *", scheduledTime: Date.now(), noRetry() {} }, recording as Env, ctx);
    const batch = createMessageBatch("bob-emails", [
      { id: "m-metrics", timestamp: new Date(), attempts: 1, body: { outboxId: 987_654_321 } },
    ]);
    await worker.queue(batch, recording as Env, ctx);
    expect(points.map((p) => p.blobs)).toEqual([
      ["cron", "*/5 * * * *", "ok"],
      ["queue", "bob-emails", "ok"],
    ]);
    expect(points[1]?.doubles).toEqual([1, expect.any(Number), 1]);
  });
});

describe("metrics, the read side: the System page's figures come from the traffic (issue 16)", () => {
  it("shows the last 24 hours' requests, error rate and catalogue cache hit rate, counted from real requests", async () => {
    allowConsoleError(/route error/);
    const { cookie } = await signedInAs("admin", "Metrics Admin");
    // One product whose stored image data is corrupt: its page fails (a 500).
    const productId = await env.DB.prepare("SELECT id FROM products WHERE slug = 'danish-rye'").first("id");
    await env.DB.prepare(
      "INSERT INTO product_images (product_id, r2_key, alt, width, height, position, variants) VALUES (?, 'products/broken-metrics', 'Broken', 10, 10, 99, 'not json')",
    )
      .bind(productId)
      .run();
    await clearMetrics();

    const statuses: number[] = [];
    const cache: string[] = [];
    for (const path of [
      "/livez",
      "/livez",
      "/livez",
      "/products/country-sourdough",
      "/products/country-sourdough",
      "/products/country-sourdough",
      "/products/danish-rye",
      "/no-such-page",
    ]) {
      // A query no one asked before, so each page is rendered rather than served whole from the page cache.
      const { response, timing } = await get(`${path}?metrics=${crypto.randomUUID()}`);
      statuses.push(response.status);
      if (timing.cache) cache.push(timing.cache);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 500, 404]);
    expect(await metricsPoints(8)).toBe(8);

    const { html } = await get("/admin/system", { headers: { Cookie: cookie } });
    expect(html).toContain("8 requests in the last 24 hours, 8 in the last 7 days.");
    const row = (label: string) => {
      const at = html.indexOf(`>${label}<`);
      return html.slice(at, html.indexOf("</tr>", at)).replace(/<[^>]+>/g, " ");
    };
    expect(row("Error rate")).toContain("12.5 %");
    expect(row("Error rate")).toContain("of 8, alert");
    const hits = cache.filter((c) => c === "hit").length;
    expect(cache.length).toBeGreaterThan(0);
    expect(row("Catalogue cache hit rate")).toContain(
      `${((hits / cache.length) * 100).toFixed(1).replace(/\.0$/, "")} %`,
    );
    expect(row("Catalogue cache hit rate")).toContain(`of ${cache.length},`);
    expect(row("Database reads, 95th percentile")).toMatch(/\d+ ms/);
    expect(row("Stripe success rate")).toContain("No data");
    await env.DB.prepare("DELETE FROM product_images WHERE r2_key = 'products/broken-metrics'").run();
  });

  it("each call to Stripe writes a point: the endpoint without ids, whether it answered 2xx, how long it took", async () => {
    const points: AnalyticsEngineDataPoint[] = [];
    const stripe = createStripe(testContext().env, { writeDataPoint: (point) => point && points.push(point) });
    await expect(stripe.checkout.sessions.retrieve("cs_test_nosuch")).rejects.toThrow();
    expect(points).toEqual([
      {
        indexes: ["GET /v1/checkout/sessions/:id"],
        blobs: ["stripe", "GET /v1/checkout/sessions/:id", "failed"],
        doubles: [404, expect.any(Number)],
      },
    ]);
  });
});
