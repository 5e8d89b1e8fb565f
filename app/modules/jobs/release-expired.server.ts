import { REQUEUE_GRACE_MINUTES } from "../email/retry-schedule";
import { resumeNewsletters } from "../newsletter/newsletters.server";
import { releaseReservation } from "../orders/payment-transitions.server";
import { expiredReservations, stuckEmails } from "../platform/hot-queries.server";
import type { RequestContext } from "../platform/request-context.server";

type JobContext = Pick<RequestContext, "db" | "kv" | "env" | "logger" | "now">;

/** Stripe's expiry webhook normally releases stock; this is the safety net if it never comes. */
const GRACE_MINUTES = 5;

/**
 * Releases the stock and slots of unpaid orders whose checkout has expired. Safe to run twice or
 * concurrently: each release is guarded inside its own D1 transaction (see releaseReservation).
 * Orders awaiting a bank payment (Bacs, SEPA, transfers: the session completed `unpaid`) are not
 * abandoned: they keep their stock until Stripe says the payment succeeded or failed.
 */
export async function releaseExpiredReservations(ctx: JobContext, now = ctx.now()): Promise<number> {
  const cutoff = new Date(now.getTime() - GRACE_MINUTES * 60_000).toISOString();
  const results = await expiredReservations(ctx.db, cutoff);
  let released = 0;
  for (const { id } of results) if (await releaseReservation(ctx, id)) released += 1;
  if (released > 0) ctx.logger.info("released expired reservations", { released, examined: results.length });
  return released;
}

/** Emails whose queue message was lost (the send after a commit failed) are queued again. */
export async function requeueStuckEmails(ctx: JobContext & Pick<RequestContext, "bindings">, now = ctx.now()) {
  // Emails whose next attempt is overdue by the grace period: their queue message was lost. One
  // waiting for its scheduled retry, or being sent (its lease), is not due yet and is left alone.
  const cutoff = new Date(now.getTime() - REQUEUE_GRACE_MINUTES * 60_000).toISOString();
  const results = await stuckEmails(ctx.db, cutoff);
  if (results.length > 0) {
    await ctx.bindings.EMAIL_QUEUE.sendBatch(results.map((r) => ({ body: { outboxId: r.id } })));
  }
  // A newsletter whose sending stopped (decision 031) goes on from where it stopped.
  return results.length + (await resumeNewsletters(ctx, now, REQUEUE_GRACE_MINUTES));
}
