import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { retryDelaySeconds } from "../../app/modules/email/retry-schedule";
import { requeueStuckEmails } from "../../app/modules/jobs/release-expired.server";
import worker from "../../workers/app";
import { testContext } from "./helpers";

/** Makes the Resend stand-in fail every send for this many minutes (0 ends the outage). */
const resendOutage = (minutes: number) =>
  fetch(`${env.STANDIN_URL}/__standin/resend-outage?minutes=${minutes}`, { method: "POST" });

/**
 * Ids far above any other test's: a queue message another test file left behind (a retry due
 * later) names a small id, and must not find one of these rows.
 */
let nextId = 7_000_000 + Math.floor(Math.random() * 1_000_000);

async function queuedEmail(recipient: string): Promise<number> {
  const row = await env.DB.prepare(
    "INSERT INTO email_outbox (id, kind, recipient, subject, html, text) VALUES (?, 'test', ?, 'Your bread', '<p>Hello</p>', 'Hello') RETURNING id",
  )
    .bind(nextId++, recipient)
    .first<{ id: number }>();
  return row?.id ?? 0;
}

async function deliver(ids: number[], attempts: number) {
  const batch = createMessageBatch(
    "bob-emails",
    ids.map((outboxId) => ({ id: `m-${outboxId}-${attempts}`, timestamp: new Date(), attempts, body: { outboxId } })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

const rowsOf = async (ids: number[]) =>
  (
    await env.DB.prepare(
      `SELECT id, status, attempts, next_attempt_at FROM email_outbox WHERE id IN (${ids.join(",")}) ORDER BY id`,
    ).all<{ id: number; status: string; attempts: number; next_attempt_at: string | null }>()
  ).results;

/** The time a retry waits for passes: its next attempt becomes due now. */
const retryTimeComes = (ids: number[]) =>
  env.DB.prepare(
    `UPDATE email_outbox SET next_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 second') WHERE id IN (${ids.join(",")})`,
  ).run();

async function sentTo(recipient: string): Promise<number> {
  const { data } = (await (await fetch(`${env.STANDIN_URL}/emails`)).json()) as { data: { to: string | string[] }[] };
  return data.filter((email) => [email.to].flat().includes(recipient)).length;
}

describe("email through a Resend outage (issue 15)", () => {
  afterEach(async () => {
    await resendOutage(0);
  });

  it("an hour-long outage: every email of it is retried on the schedule and delivered exactly once afterwards", async () => {
    const recipients = [1, 2, 3].map((n) => `outage-${n}-${crypto.randomUUID()}@example.com`);
    const ids = await Promise.all(recipients.map(queuedEmail));
    await resendOutage(60);

    // Each attempt in the outage fails and is retried later, on a longer wait each time.
    for (const attempt of [1, 2, 3]) {
      const result = await deliver(ids, attempt);
      expect(result.retryMessages).toHaveLength(ids.length);
      const rows = await rowsOf(ids);
      expect(rows.every((row) => row.status === "queued" && row.attempts === attempt)).toBe(true);
      for (const row of rows) {
        const waitSeconds = (Date.parse(row.next_attempt_at ?? "") - Date.now()) / 1000;
        expect(Math.abs(waitSeconds - retryDelaySeconds(attempt))).toBeLessThan(10);
      }
      // Waiting for its retry, an email is not due: the cron leaves it alone (no second copy).
      expect(await requeueStuckEmails(testContext())).toBe(0);
      // A copy of the message arriving early (a re-queue, a duplicate) does not send it early.
      expect((await deliver(ids, attempt)).explicitAcks).toHaveLength(ids.length);
      await retryTimeComes(ids);
    }

    await resendOutage(0);
    const after = await deliver(ids, 4);
    expect(after.explicitAcks).toHaveLength(ids.length);
    expect((await rowsOf(ids)).map((row) => row.status)).toEqual(["sent", "sent", "sent"]);
    // A late duplicate of a message sends nothing more.
    await deliver(ids, 5);
    for (const recipient of recipients) expect(await sentTo(recipient)).toBe(1);
  });

  it("the schedule spans more than a day before an email is given up", () => {
    const delays = Array.from({ length: 12 }, (_, i) => retryDelaySeconds(i + 1));
    expect(delays.reduce((sum, delay) => sum + delay, 0)).toBeGreaterThan(24 * 3600);
    expect(retryDelaySeconds(100)).toBe(12 * 3600);
  });
});
