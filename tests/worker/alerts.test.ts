import { applyD1Migrations, createExecutionContext, env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { evaluateAlerts } from "../../app/modules/alerts/alerts.server";
import { CRON_JOBS } from "../../app/modules/jobs/cron-jobs.server";
import { createRequestContext } from "../../app/modules/platform/request-context.server";
import worker from "../../workers/app";
import { clearMetrics, metricsPoints, writeMetrics } from "./helpers";

/** A database of its own (the file starts from reset(), so nothing of the backup tests is left). */
const db = env.BACKUP_SOURCE_DB;
const ORIGIN = "https://shop.test";
/** Outbox ids the alerts queued: the queue is recorded, not sent (its consumer reads the shop's own DB). */
const queued: number[] = [];
/** The metric alerts read a dataset only this file writes to (no other test's requests land in it). */
const DATASET = "bob_metrics_alerts_test";
const context = () =>
  createRequestContext(
    new Request("https://cron.internal/"),
    {
      ...env,
      DB: db,
      METRICS_DATASET: DATASET as Env["METRICS_DATASET"],
      EMAIL_QUEUE: {
        async send(body: { outboxId: number }) {
          queued.push(body.outboxId);
        },
        async sendBatch(messages: { body: { outboxId: number } }[]) {
          queued.push(...messages.map((m) => m.body.outboxId));
        },
      } as unknown as Queue,
    },
    createExecutionContext(),
  );

const hoursFrom = (start: number, hours: number) => new Date(start + hours * 3600_000);

/** Every scheduled job last succeeded a minute before `now` (the tests move the clock by days). */
async function jobsRanBefore(now: Date) {
  const at = new Date(now.getTime() - 60_000).toISOString();
  await db.batch(
    Object.keys(CRON_JOBS).map((cron) =>
      db
        .prepare(
          "INSERT INTO cron_runs (cron, started_at, finished_at, ok, last_ok_at, runs) VALUES (?1, ?2, ?2, 1, ?2, 1) ON CONFLICT (cron) DO UPDATE SET last_ok_at = ?2, ok = 1",
        )
        .bind(cron, at),
    ),
  );
}

/** The checks at `now`, with every job up to date (what the cron that runs them would see). */
async function evaluate(now: Date) {
  await jobsRanBefore(now);
  return evaluateAlerts(context(), { now, origin: ORIGIN });
}

async function alertEmails() {
  const { results } = await db
    .prepare("SELECT id, recipient, subject, text FROM email_outbox WHERE kind = 'alert' ORDER BY id")
    .all<{ id: number; recipient: string; subject: string; text: string }>();
  return results;
}

async function firing() {
  const { results } = await db
    .prepare("SELECT key FROM system_alerts WHERE firing = 1 ORDER BY key")
    .all<{ key: string }>();
  return results.map((r) => r.key);
}

describe("alerts: admins hear once when an incident starts and once when it ends (issue 15)", () => {
  let created: number;
  beforeAll(async () => {
    await applyD1Migrations(db, env.TEST_MIGRATIONS);
    // reset() does not empty this extra database, and the backup tests write to it too: start clean.
    for (const table of [
      "backup_checks",
      "backup_runs",
      "cron_runs",
      "email_events",
      "email_suppressions",
      "email_outbox",
      "system_alerts",
      "users",
    ]) {
      await db.prepare(`DELETE FROM ${table}`).run();
    }
    await db.prepare("UPDATE d1_migrations SET applied_at = CURRENT_TIMESTAMP").run();
    created = Date.now();
    await db.batch([
      db.prepare("INSERT INTO users (email, name, role) VALUES ('owner@bakery.test', 'Owner', 'admin')"),
      db.prepare("INSERT INTO users (email, name, role) VALUES ('partner@bakery.test', 'Partner', 'admin')"),
      db.prepare(
        "INSERT INTO users (email, name, role, disabled_at) VALUES ('gone@bakery.test', 'Gone', 'admin', '2026-01-01T00:00:00Z')",
      ),
      db.prepare("INSERT INTO users (email, name, role) VALUES ('baker@bakery.test', 'Baker', 'staff')"),
    ]);
  });
  // The metric alerts read the last hour of the stand-in's Analytics Engine, which the other test
  // files' requests filled: each test here starts with none, and writes what it means to.
  beforeEach(() => clearMetrics(DATASET));

  it("a new shop has had no night to back up: nothing fires, nobody is mailed", async () => {
    const outcomes = await evaluate(hoursFrom(created, 1));
    expect(outcomes.map((o) => [o.key, o.firing, o.changed])).toEqual([
      ["backup-stale", false, false],
      ["backup-check-failed", false, false],
      ["emails-failed", false, false],
      ["jobs-late", false, false],
      ["email-bounces", false, false],
      ["error-rate", false, false],
      ["kv-hit-rate", false, false],
      ["d1-slow", false, false],
      ["stripe-failing", false, false],
    ]);
    expect(await alertEmails()).toEqual([]);
    expect(await firing()).toEqual([]);
  });

  it("no backup for 26 hours: every active admin is mailed once, however often and concurrently the checks run", async () => {
    const now = hoursFrom(created, 27);
    await Promise.all([1, 2, 3].map(() => evaluate(now)));
    await evaluate(hoursFrom(created, 28));
    expect(await firing()).toEqual(["backup-stale"]);
    const emails = await alertEmails();
    expect(emails.map((e) => e.recipient).sort()).toEqual(["owner@bakery.test", "partner@bakery.test"]);
    expect(emails[0]?.subject).toBe("Alert: backups are out of date (Band of Bakers)");
    expect(emails[0]?.text).toContain("No backup has completed yet.");
    expect(emails[0]?.text).toContain(`${ORIGIN}/admin/system`);
    expect(queued).toEqual(expect.arrayContaining(emails.map((e) => e.id)));
  });

  it("a backup completes: the incident ends with one 'resolved' email each, and stays quiet after", async () => {
    const now = hoursFrom(created, 29);
    await db
      .prepare(
        "INSERT INTO backup_runs (key, status, started_at, finished_at, rows, bytes, chunks) VALUES ('backups/d1/x/', 'complete', ?, ?, 10, 100, 1)",
      )
      .bind(now.toISOString(), now.toISOString())
      .run();
    const before = (await alertEmails()).length;
    await Promise.all([1, 2].map(() => evaluate(now)));
    await evaluate(hoursFrom(created, 30));
    const resolved = (await alertEmails()).slice(before);
    expect(resolved.map((e) => e.subject)).toEqual([
      "Resolved: backups are out of date (Band of Bakers)",
      "Resolved: backups are out of date (Band of Bakers)",
    ]);
    expect(await firing()).toEqual([]);
    const row = await db
      .prepare("SELECT since, resolved_at, detail FROM system_alerts WHERE key = 'backup-stale'")
      .first();
    expect(row).toMatchObject({ detail: "The newest complete backup finished 1 hour ago." });
  });

  it("emails that failed for good, and a failed backup check, each start and end their own incident", async () => {
    const now = hoursFrom(created, 31);
    const before = (await alertEmails()).length;
    const failed = await db
      .prepare(
        "INSERT INTO email_outbox (kind, recipient, subject, status, attempts) VALUES ('order-confirmation', 'c@example.com', 'Your order', 'failed', 14) RETURNING id",
      )
      .first<number>("id");
    await db
      .prepare(
        "INSERT INTO backup_checks (backup_key, ok, problem) VALUES ('backups/d1/x/', 0, '00003-orders.jsonl is missing.')",
      )
      .run();
    await evaluate(now);
    expect(await firing()).toEqual(["backup-check-failed", "emails-failed"]);
    let emails = (await alertEmails()).slice(before);
    expect(emails.map((e) => e.subject).sort()).toEqual([
      "Alert: emails could not be sent (Band of Bakers)",
      "Alert: emails could not be sent (Band of Bakers)",
      "Alert: the latest backup check failed (Band of Bakers)",
      "Alert: the latest backup check failed (Band of Bakers)",
    ]);
    expect(emails.find((e) => e.subject.includes("check failed"))?.text).toContain("00003-orders.jsonl is missing.");
    expect(emails.find((e) => e.subject.includes("emails"))?.text).toContain("1 email failed after every retry");

    // Staff retry the email (it is sent) and the next drill passes.
    await db.prepare("UPDATE email_outbox SET status = 'sent' WHERE id = ?").bind(failed).run();
    await db.prepare("INSERT INTO backup_checks (backup_key, ok) VALUES ('backups/d1/x/', 1)").run();
    await evaluate(hoursFrom(created, 32));
    await evaluate(hoursFrom(created, 33));
    emails = (await alertEmails()).slice(before + 4);
    expect(emails.map((e) => e.subject).sort()).toEqual([
      "Resolved: emails could not be sent (Band of Bakers)",
      "Resolved: emails could not be sent (Band of Bakers)",
      "Resolved: the latest backup check failed (Band of Bakers)",
      "Resolved: the latest backup check failed (Band of Bakers)",
    ]);
    expect(await firing()).toEqual([]);
  });

  it("over 5 % of a week's reported emails bouncing fires once there are 20 reports, and ends when it falls", async () => {
    const now = hoursFrom(created, 40);
    const sentAt = hoursFrom(created, 39).toISOString();
    const insert = (n: number, delivery: string) =>
      db.batch(
        Array.from({ length: n }, (_, i) =>
          db
            .prepare(
              "INSERT INTO email_outbox (kind, recipient, subject, status, sent_at, delivery) VALUES ('order-ready', ?, 'Ready', 'sent', ?, ?)",
            )
            .bind(`${delivery}-${i}-${Math.random()}@example.com`, sentAt, delivery),
        ),
      );
    await insert(2, "bounced");
    await insert(8, "delivered");
    // 20 % of 10 reports: too few to say.
    let outcome = (await evaluate(now)).find((o) => o.key === "email-bounces");
    expect(outcome?.firing).toBe(false);
    await insert(10, "delivered");
    const before = (await alertEmails()).length;
    outcome = (await evaluate(now)).find((o) => o.key === "email-bounces");
    expect(outcome).toEqual({ key: "email-bounces", firing: true, changed: true });
    const emails = (await alertEmails()).slice(before);
    expect(emails.map((e) => e.subject)).toEqual([
      "Alert: too many emails bounce (Band of Bakers)",
      "Alert: too many emails bounce (Band of Bakers)",
    ]);
    expect(emails[0]?.text).toContain("10.0 % of the 20 emails Resend reported on in the last 7 days");
    await insert(30, "delivered");
    outcome = (await evaluate(now)).find((o) => o.key === "email-bounces");
    expect(outcome).toEqual({ key: "email-bounces", firing: false, changed: true });
  });

  it("the last hour's error rate over 1 % of at least 100 requests fires once, and ends when the hour is healthy", async () => {
    const now = new Date();
    const request = (status: number, cache = "none", d1ReadMs = 0) => ({
      indexes: ["/products/:slug"],
      blobs: ["request", "/products/:slug", "GET", `${Math.floor(status / 100)}xx`, cache, cache],
      doubles: [status, 12, 1, d1ReadMs, d1ReadMs, 0],
    });
    // 2 failures in 99 requests: over 1 %, but too few requests to say.
    await writeMetrics([...Array.from({ length: 97 }, () => request(200)), request(500), request(503)], DATASET);
    expect(await metricsPoints(99, DATASET)).toBe(99);
    let outcome = (await evaluate(now)).find((o) => o.key === "error-rate");
    expect(outcome).toEqual({ key: "error-rate", firing: false, changed: false });

    await writeMetrics([request(200)], DATASET);
    await metricsPoints(100, DATASET);
    const before = (await alertEmails()).length;
    const outcomes = await Promise.all([evaluate(now), evaluate(now)]);
    expect(outcomes.flat().filter((o) => o.key === "error-rate" && o.changed)).toHaveLength(1);
    const emails = (await alertEmails()).slice(before);
    expect(emails.map((e) => [e.recipient, e.subject])).toEqual([
      ["owner@bakery.test", "Alert: too many requests fail (Band of Bakers)"],
      ["partner@bakery.test", "Alert: too many requests fail (Band of Bakers)"],
    ]);
    expect(emails[0]?.text).toContain(
      "Error rate: 2 % over 100 requests in the last hour (target under 0.5 %, alert over 1 %)",
    );
    outcome = (await evaluate(now)).find((o) => o.key === "error-rate");
    expect(outcome).toEqual({ key: "error-rate", firing: true, changed: false });

    // A healthy hour: the incident ends, with one email each.
    await clearMetrics(DATASET);
    await writeMetrics(
      Array.from({ length: 100 }, () => request(200)),
      DATASET,
    );
    await metricsPoints(100, DATASET);
    outcome = (await evaluate(now)).find((o) => o.key === "error-rate");
    expect(outcome).toEqual({ key: "error-rate", firing: false, changed: true });
    expect((await alertEmails()).slice(before)).toHaveLength(4);
  });

  it("a slow database, a cold catalogue cache and failing Stripe calls each fire on their own threshold", async () => {
    const now = new Date();
    const read = (ms: number, cache: string) => ({
      blobs: ["request", "/", "GET", "2xx", cache, cache],
      doubles: [200, ms + 5, 2, ms, ms, 0],
    });
    const stripe = (status: number) => ({
      blobs: ["stripe", "POST /v1/refunds", status === 200 ? "ok" : "failed"],
      doubles: [status, 300],
    });
    // 60 reads: 6 of them (10 %) over a second, so the 95th percentile is too; 24 cache hits of 60 (40 %).
    await writeMetrics(
      [
        ...Array.from({ length: 54 }, (_, i) => read(20, i < 24 ? "hit" : "miss")),
        ...Array.from({ length: 6 }, () => read(1500, "miss")),
        ...Array.from({ length: 9 }, () => stripe(200)),
        stripe(500),
      ],
      DATASET,
    );
    await metricsPoints(70, DATASET);
    const outcomes = await evaluate(now);
    const state = (key: string) => outcomes.find((o) => o.key === key)?.firing;
    expect([state("d1-slow"), state("kv-hit-rate"), state("stripe-failing"), state("error-rate")]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    const details = await db
      .prepare(
        "SELECT key, detail FROM system_alerts WHERE key IN ('d1-slow', 'kv-hit-rate', 'stripe-failing') ORDER BY key",
      )
      .all<{ key: string; detail: string }>();
    expect(details.results.map((r) => r.detail)).toEqual([
      expect.stringContaining("Database reads, 95th percentile: 1.5 s over 60 requests that read in the last hour"),
      expect.stringContaining("Catalogue cache hit rate: 40 % over 60 catalogue reads in the last hour"),
      expect.stringContaining("Stripe success rate: 90 % over 10 calls to Stripe in the last hour"),
    ]);

    // Back to normal: every one of them ends.
    await clearMetrics(DATASET);
    await evaluate(now);
    expect(await firing()).toEqual([]);
  });

  it("a job that has not succeeded for twice its interval fires, naming it, and ends when it runs again", async () => {
    const now = hoursFrom(created, 50);
    await jobsRanBefore(now);
    await db
      .prepare("UPDATE cron_runs SET last_ok_at = ?, ok = 0, error = 'D1 unavailable' WHERE cron = '23 * * * *'")
      .bind(hoursFrom(created, 47).toISOString())
      .run();
    const before = (await alertEmails()).length;
    const late = (await evaluateAlerts(context(), { now, origin: ORIGIN })).find((o) => o.key === "jobs-late");
    expect(late).toEqual({ key: "jobs-late", firing: true, changed: true });
    const emails = (await alertEmails()).slice(before);
    expect(emails).toHaveLength(2);
    expect(emails[0]?.text).toContain("Unused uploads cleanup (23 * * * *)");
    const back = (await evaluate(hoursFrom(created, 51))).find((o) => o.key === "jobs-late");
    expect(back).toEqual({ key: "jobs-late", firing: false, changed: true });
  });

  it("the crons record their heartbeats and check the alerts of the shop's own database", async () => {
    for (const cron of ["*/5 * * * *", "23 * * * *"]) {
      await worker.scheduled({ cron, scheduledTime: Date.now(), noRetry() {} }, env, createExecutionContext());
    }
    const { results } = await env.DB.prepare("SELECT key FROM system_alerts ORDER BY key").all<{ key: string }>();
    expect(results.map((r) => r.key)).toEqual([
      "backup-check-failed",
      "backup-stale",
      "d1-slow",
      "email-bounces",
      "emails-failed",
      "error-rate",
      "jobs-late",
      "kv-hit-rate",
      "stripe-failing",
    ]);
    const beats = await env.DB.prepare("SELECT cron, ok, runs FROM cron_runs ORDER BY cron").all();
    expect(beats.results).toEqual([
      { cron: "*/5 * * * *", ok: 1, runs: 1 },
      { cron: "23 * * * *", ok: 1, runs: 1 },
    ]);
  });
});
