import { createExecutionContext, createMessageBatch, env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../workers/app";
import { ORIGIN } from "./helpers";

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
      blobs: ["request", "(no route)", "GET", "2xx", "none"],
      doubles: [200, expect.any(Number), 0, 0],
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
