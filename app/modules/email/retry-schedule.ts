/**
 * How email sending outlasts a provider outage (issue 15). A failed send (an error, a timeout, a
 * 429 from Resend) is retried by the queue after the next delay below; Cloudflare Queues allow a
 * delay of up to 12 hours and up to 100 retries (developers.cloudflare.com/queues/platform/limits),
 * so the schedule stays within both. The retries span about 40 hours, so an outage of a day loses
 * nothing; after the last one the message is dead-lettered and the email marked failed, for staff
 * to retry by hand. `wrangler.jsonc` sets the email queue's `max_retries` to the schedule's length
 * (a test checks it).
 */
export const EMAIL_RETRY_DELAYS_SECONDS = [
  30, 60, 120, 300, 600, 1_200, 1_800, 3_600, 7_200, 14_400, 28_800, 43_200, 43_200,
] as const;

/** The delay before retrying after the given attempt (1 = the first send) failed. */
export function retryDelaySeconds(attempt: number): number {
  const index = Math.min(Math.max(attempt, 1), EMAIL_RETRY_DELAYS_SECONDS.length) - 1;
  return EMAIL_RETRY_DELAYS_SECONDS[index] ?? 43_200;
}

/**
 * Resend's documented default rate limit: 2 requests a second per team
 * (resend.com/docs/api-reference/introduction#rate-limit). The email consumer runs one batch at a
 * time (`max_concurrency: 1`) and spaces its sends by this much.
 */
export const RESEND_REQUESTS_PER_SECOND = 2;
export const SEND_SPACING_MS = 1000 / RESEND_REQUESTS_PER_SECOND;

/**
 * How long a send in progress holds its row: the five-minute cron re-queues only emails whose next attempt
 * is overdue by `REQUEUE_GRACE_MINUTES`, so a row being sent (or waiting for its queued retry) is
 * never queued a second time.
 */
export const SEND_LEASE_SECONDS = 120;
/** A queued retry arriving this much before its time (clocks differ) is still taken. */
export const DUE_TOLERANCE_SECONDS = 15;
export const REQUEUE_GRACE_MINUTES = 10;
