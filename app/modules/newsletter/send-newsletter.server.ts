/**
 * Sending a newsletter in batches (decision 031). Starting a send writes one outbox row per
 * subscriber (unique per newsletter and address, so nobody is addressed twice); the email queue's
 * consumer then takes up to `NEWSLETTER.batchSize` rows at a time and sends them in one request to
 * Resend's batch endpoint, so a list of 2,000 takes 20 requests, within Resend's 2 a second.
 *
 * Never twice: a batch's rows are marked with its key when first taken, and every attempt at that
 * batch sends the same copies under that key as Resend's idempotency key, so a send that reached
 * Resend before a crash is answered from Resend's record, not sent again. Resumable: a batch is
 * held by a two-minute lease; after a crash or a lost queue message the cron sends the message
 * again and the next consumer takes up where it stopped.
 */
import { and, asc, eq, inArray, isNotNull, isNull, lte, notInArray, sql } from "drizzle-orm";
import { emailOutbox, emailSuppressions, newsletterSubscribers, newsletters } from "../../../database/schema";
import { NEWSLETTER } from "../../lib/constants";
import {
  DUE_TOLERANCE_SECONDS,
  EMAIL_RETRY_DELAYS_SECONDS,
  retryDelaySeconds,
  SEND_LEASE_SECONDS,
} from "../email/retry-schedule";
import { createResend } from "../email/send-email.server";
import { listUnsubscribeHeaders, unsubscribeUrl } from "../email/unsubscribe-links.server";
import type { Logger } from "../observability/logger.server";
import { type Database, qualified } from "../platform/db.server";
import type { AppEnv } from "../platform/env.server";
import { copyFor, renderNewsletter } from "./newsletter-content.server";

export type NewsletterSendContext = { env: AppEnv; db: Database; logger: Logger; origin: string };

/** "done" (nothing left), "more" (send the next batch now) or the seconds until a retry is due. */
export type BatchOutcome = "done" | "more" | { retryInSeconds: number };

export async function sendNewsletterBatch(ctx: NewsletterSendContext, newsletterId: number): Promise<BatchOutcome> {
  const newsletter = await ctx.db
    .select({ subject: newsletters.subject, body: newsletters.body, status: newsletters.status })
    .from(newsletters)
    .where(eq(newsletters.id, newsletterId))
    .get();
  if (newsletter?.status !== "sending") return "done";
  await holdBackUnwanted(ctx.db, newsletterId);
  const batch = await takeBatch(ctx.db, newsletterId);
  if (batch.length === 0)
    return (await finishIfAllSent(ctx.db, newsletterId)) ? "done" : waitingFor(ctx.db, newsletterId);

  const batchKey = batch[0]?.batchKey ?? "";
  const rendered = await renderNewsletter(ctx.db, ctx.origin, newsletter);
  const subscriberIds = await subscriberIdsOf(
    ctx.db,
    batch.map((row) => row.recipient),
  );
  const copies = await Promise.all(
    batch.map(async (row) => {
      const subscriberId = subscriberIds.get(row.recipient);
      // Every copy was written from a subscriber row, and those rows are never deleted.
      if (subscriberId === undefined) throw new Error(`no subscriber row for outbox ${row.id}`);
      const link = await unsubscribeUrl(ctx.env, ctx.origin, "newsletter", subscriberId, row.recipient);
      const copy = copyFor(rendered, link);
      return { from: ctx.env.EMAIL_FROM, to: row.recipient, ...copy, headers: listUnsubscribeHeaders(link) };
    }),
  );
  const { data, error } = await createResend(ctx.env).batch.send(copies, { idempotencyKey: batchKey });
  const ids = batch.map((row) => row.id);
  if (error?.name === "invalid_idempotent_request") {
    // Resend has this key with other content: the batch reached it before (then the shop's footer
    // changed). It was sent; what Resend called each copy is not known.
    await markSent(ctx.db, ids, [], "Sent in an earlier attempt; Resend's id for it was not recorded.");
    ctx.logger.warn("newsletter batch already sent under its key", { newsletterId, batchKey });
    return "more";
  }
  if (error || !data) {
    const attempts = Math.max(...batch.map((row) => row.attempts)) + 1;
    const delay = retryDelaySeconds(attempts);
    const givenUp = attempts > EMAIL_RETRY_DELAYS_SECONDS.length;
    await ctx.db
      .update(emailOutbox)
      .set({
        attempts: sql`${emailOutbox.attempts} + 1`,
        lastError: error?.message ?? "no response",
        nextAttemptAt: new Date(Date.now() + delay * 1000).toISOString(),
        ...(givenUp ? { status: "failed" as const } : {}),
        updatedAt: new Date().toISOString(),
      })
      .where(inArray(emailOutbox.id, idList(ids)));
    ctx.logger.warn("newsletter batch failed; will retry", { newsletterId, error: error?.message, delay, givenUp });
    return givenUp ? "more" : { retryInSeconds: delay };
  }
  await markSent(
    ctx.db,
    ids,
    data.data.map((sent) => sent.id),
    null,
  );
  return "more";
}

/**
 * Copies not yet in a batch whose address has since unsubscribed, bounced for good or complained
 * are not sent: marked "suppressed" with the reason, as the outbox shows other held-back email.
 */
async function holdBackUnwanted(db: Database, newsletterId: number) {
  const notYetTaken = and(
    eq(emailOutbox.newsletterId, newsletterId),
    eq(emailOutbox.status, "queued"),
    isNull(emailOutbox.batchKey),
  );
  const now = new Date().toISOString();
  await db.batch([
    db
      .update(emailOutbox)
      .set({
        status: "suppressed",
        lastError: "Not sent: this address bounced or marked our email as spam.",
        updatedAt: now,
      })
      .where(
        and(
          notYetTaken,
          inArray(emailOutbox.recipient, db.select({ a: emailSuppressions.address }).from(emailSuppressions)),
        ),
      ),
    db
      .update(emailOutbox)
      .set({ status: "suppressed", lastError: "Not sent: unsubscribed before it went.", updatedAt: now })
      .where(
        and(
          notYetTaken,
          notInArray(
            emailOutbox.recipient,
            db
              .select({ a: newsletterSubscribers.address })
              .from(newsletterSubscribers)
              .where(eq(newsletterSubscribers.status, "subscribed")),
          ),
        ),
      ),
  ]);
}

type TakenRow = { id: number; recipient: string; attempts: number; batchKey: string | null };

/**
 * A batch to send, taken with one conditional UPDATE so two consumers never hold the same copies:
 * first a batch tried before whose retry is due (the same rows, the same key), else the next
 * copies not yet in any batch, marked with a new key.
 */
async function takeBatch(db: Database, newsletterId: number): Promise<TakenRow[]> {
  const now = Date.now();
  const lease = new Date(now + SEND_LEASE_SECONDS * 1000).toISOString();
  const dueBy = new Date(now + DUE_TOLERANCE_SECONDS * 1000).toISOString();
  const returning = {
    id: emailOutbox.id,
    recipient: emailOutbox.recipient,
    attempts: emailOutbox.attempts,
    batchKey: emailOutbox.batchKey,
  };
  const dueBatch = db
    .select({ key: emailOutbox.batchKey })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.newsletterId, newsletterId),
        eq(emailOutbox.status, "queued"),
        isNotNull(emailOutbox.batchKey),
        lte(emailOutbox.nextAttemptAt, dueBy),
      ),
    )
    .limit(1);
  const retried = await db
    .update(emailOutbox)
    .set({ nextAttemptAt: lease })
    .where(and(eq(emailOutbox.status, "queued"), eq(emailOutbox.batchKey, sql`(${dueBatch})`)))
    .returning(returning);
  if (retried.length > 0) return retried.sort((a, b) => a.id - b.id);

  const key = `newsletter-${newsletterId}-${crypto.randomUUID()}`;
  const next = db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      and(eq(emailOutbox.newsletterId, newsletterId), eq(emailOutbox.status, "queued"), isNull(emailOutbox.batchKey)),
    )
    .orderBy(asc(emailOutbox.id))
    .limit(NEWSLETTER.batchSize);
  const taken = await db
    .update(emailOutbox)
    .set({ batchKey: key, nextAttemptAt: lease })
    .where(and(inArray(emailOutbox.id, next), isNull(emailOutbox.batchKey)))
    .returning(returning);
  return taken.sort((a, b) => a.id - b.id);
}

async function subscriberIdsOf(db: Database, addresses: string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ id: newsletterSubscribers.id, address: newsletterSubscribers.address })
    .from(newsletterSubscribers)
    .where(inArray(newsletterSubscribers.address, sql`(SELECT value FROM json_each(${JSON.stringify(addresses)}))`));
  return new Map(rows.map((row) => [row.address, row.id]));
}

/** Ids as one JSON parameter: D1 binds at most 100 parameters a query, and a batch is 100 rows. */
const idList = (ids: number[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/** One UPDATE for the whole batch: each row gets Resend's id for its copy (same order as sent). */
async function markSent(db: Database, ids: number[], providerIds: string[], note: string | null) {
  const pairs = JSON.stringify(ids.map((id, i) => [id, providerIds[i] ?? null]));
  const now = new Date().toISOString();
  await db
    .update(emailOutbox)
    .set({
      status: "sent",
      providerId: sql`(SELECT value ->> 1 FROM json_each(${pairs}) WHERE value ->> 0 = ${qualified(emailOutbox.id)})`,
      attempts: sql`${emailOutbox.attempts} + 1`,
      sentAt: now,
      nextAttemptAt: null,
      lastError: note,
      updatedAt: now,
    })
    .where(and(inArray(emailOutbox.id, idList(ids)), eq(emailOutbox.status, "queued")));
}

/** Marks the newsletter sent once no copy is waiting; true when nothing is left to send. */
async function finishIfAllSent(db: Database, newsletterId: number): Promise<boolean> {
  const waiting = db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.newsletterId, newsletterId), eq(emailOutbox.status, "queued")))
    .limit(1);
  await db
    .update(newsletters)
    .set({ status: "sent", sentAt: new Date().toISOString(), updatedAt: new Date().toISOString() })
    .where(and(eq(newsletters.id, newsletterId), eq(newsletters.status, "sending"), sql`NOT EXISTS ${waiting}`));
  const [left] = await waiting;
  return !left;
}

/** Copies are waiting for a retry, or another consumer holds them: come back when the first is due. */
async function waitingFor(db: Database, newsletterId: number): Promise<BatchOutcome> {
  const [first] = await db
    .select({ at: emailOutbox.nextAttemptAt })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.newsletterId, newsletterId), eq(emailOutbox.status, "queued")))
    .orderBy(asc(emailOutbox.nextAttemptAt))
    .limit(1);
  const seconds = first?.at ? Math.ceil((Date.parse(first.at) - Date.now()) / 1000) : SEND_LEASE_SECONDS;
  return { retryInSeconds: Math.min(Math.max(seconds, 1), 43_200) };
}
