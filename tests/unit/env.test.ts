import { describe, expect, it } from "vitest";
import { parseEnv } from "../../app/modules/platform/env.server";

const bindings = { DB: {}, KV: {}, MEDIA: {} };
const parse = (vars: Record<string, string>) => parseEnv({ ...bindings, ...vars } as unknown as Env);

describe("environment", () => {
  it("offers Google sign-in only when both credentials are set", () => {
    expect(parse({}).googleSignIn).toBe(false);
    expect(parse({ GOOGLE_CLIENT_ID: "id", GOOGLE_CLIENT_SECRET: "secret" }).googleSignIn).toBe(true);
    expect(() => parse({ GOOGLE_CLIENT_ID: "id" })).toThrow(/set both Google credentials/);
  });

  it("defaults Google's endpoints to Google and lets them be pointed elsewhere", () => {
    expect(parse({}).GOOGLE_TOKEN_URL).toBe("https://oauth2.googleapis.com/token");
    expect(parse({ GOOGLE_TOKEN_URL: "http://127.0.0.1:9/token" }).GOOGLE_TOKEN_URL).toBe("http://127.0.0.1:9/token");
  });

  it("refuses to run deployed without real secrets", () => {
    expect(() => parse({ APP_ENV: "production" })).toThrow(/COOKIE_SECRET/);
  });
});

describe("rate limits per environment", () => {
  it("are production's unless overridden, and overrides are checked", () => {
    expect(parse({}).rateLimits.checkout).toEqual({ limit: 10, windowSeconds: 600 });
    const raised = parse({ RATE_LIMIT_OVERRIDES: '{"checkout":{"limit":1000}}' }).rateLimits;
    expect(raised.checkout).toEqual({ limit: 1000, windowSeconds: 600 });
    expect(raised.basket).toEqual({ limit: 60, windowSeconds: 60 });
    expect(() => parse({ RATE_LIMIT_OVERRIDES: '{"checkuot":{"limit":1}}' })).toThrow(/RATE_LIMIT_OVERRIDES/);
    expect(() => parse({ RATE_LIMIT_OVERRIDES: '{"checkout":{"limit":0}}' })).toThrow(/RATE_LIMIT_OVERRIDES/);
    expect(() => parse({ RATE_LIMIT_OVERRIDES: "not json" })).toThrow(/RATE_LIMIT_OVERRIDES/);
  });
});

describe("production configuration (wrangler.jsonc)", () => {
  it("has its own APP_URL and no second address on workers.dev", async () => {
    const { readFileSync } = await import("node:fs");
    // JSONC: drop the comments (none of our strings hold "//" after a space).
    const text = readFileSync(new URL("../../wrangler.jsonc", import.meta.url), "utf8").replace(/^\s*\/\/.*$/gm, "");
    const config = JSON.parse(text);
    expect(config.env.production.workers_dev).toBe(false);
    expect(config.env.production.vars.APP_URL).toMatch(/^https:\/\//);
    expect(config.env.staging.vars.APP_URL).toMatch(/^https:\/\//);
  });

  it("retries emails on the schedule's length, one batch at a time, in every environment", async () => {
    const { readFileSync } = await import("node:fs");
    const { EMAIL_RETRY_DELAYS_SECONDS } = await import("../../app/modules/email/retry-schedule");
    const text = readFileSync(new URL("../../wrangler.jsonc", import.meta.url), "utf8").replace(/^\s*\/\/.*$/gm, "");
    const config = JSON.parse(text);
    const emailConsumers = [
      ...config.queues.consumers,
      ...config.env.staging.queues.consumers,
      ...config.env.production.queues.consumers,
    ].filter((consumer: { queue: string }) => /^bob-emails(-staging|-production)?$/.test(consumer.queue));
    expect(emailConsumers).toHaveLength(3);
    for (const consumer of emailConsumers) {
      expect(consumer.max_retries).toBe(EMAIL_RETRY_DELAYS_SECONDS.length);
      expect(consumer.max_concurrency).toBe(1);
    }
    // Queues allow a delay of up to 12 hours and up to 100 retries; together they span a day.
    expect(Math.max(...EMAIL_RETRY_DELAYS_SECONDS)).toBeLessThanOrEqual(12 * 3600);
    expect(EMAIL_RETRY_DELAYS_SECONDS.length).toBeLessThanOrEqual(100);
    expect(EMAIL_RETRY_DELAYS_SECONDS.slice(0, -1).reduce((sum, delay) => sum + delay, 0)).toBeGreaterThan(24 * 3600);
  });

  it("gives every environment its own Worker and resources, so no build can overwrite another's", async () => {
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(new URL("../../wrangler.jsonc", import.meta.url), "utf8").replace(/^\s*\/\/.*$/gm, "");
    const config = JSON.parse(text);
    type Config = typeof config;
    const resources = (c: Config) => [
      `worker:${c.name}`,
      ...c.d1_databases.flatMap((d: { database_name: string; database_id: string }) => [
        `d1:${d.database_name}`,
        `d1id:${d.database_id}`,
      ]),
      ...c.kv_namespaces.map((k: { id: string }) => `kv:${k.id}`),
      ...c.r2_buckets.map((b: { bucket_name: string }) => `r2:${b.bucket_name}`),
      ...c.queues.producers.map((q: { queue: string }) => `queue:${q.queue}`),
    ];
    const each = [config, config.env.staging, config.env.production].map(resources);
    const all = each.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(config.env.production.name).toBe("band-of-bakers");
  });
});
