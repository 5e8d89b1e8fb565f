import { and, eq, isNull, lte, notInArray, or, sql } from "drizzle-orm";
import { emailOutbox } from "../../../database/schema";
import { sendNewsletterBatch } from "../newsletter/send-newsletter.server";
import { reportProblem } from "../observability/error-reports.server";
import type { Logger } from "../observability/logger.server";
import { findOrder } from "../orders/order-queries.server";
import type { Database } from "../platform/db.server";
import type { AppEnv } from "../platform/env.server";
import { isSuppressed, NON_ESSENTIAL_KINDS } from "./delivery-events.server";
import { EmailMessage } from "./enqueue.server";
import { orderConfirmationEmail } from "./order-emails.server";
import { shopForEmails } from "./render-email.server";
import { DUE_TOLERANCE_SECONDS, retryDelaySeconds, SEND_LEASE_SECONDS, SEND_SPACING_MS } from "./retry-schedule";
import { createResend } from "./send-email.server";
import { listUnsubscribeHeaders } from "./unsubscribe-links.server";

/**
 * A newsletter's batches are at least a second apart: with single emails spaced half a second,
 * the consumer stays within Resend's 2 requests a second.
 */
const NEXT_BATCH_DELAY_SECONDS = 1;

type ConsumerContext = { env: AppEnv; db: Database; logger: Logger; origin: string; queue: Queue };

/**
 * Sends queued emails, spaced to Resend's rate limit. A provider failure retries the message on
 * the schedule in `retry-schedule.ts` (about 40 hours); after the queue's max_retries it goes to
 * the dead-letter queue, whose consumer marks the row failed. The order itself is never touched
 * here, so an email problem can never undo a payment.
 */
export async function consumeEmailBatch(batch: MessageBatch<unknown>, ctx: ConsumerContext): Promise<void> {
  const deadLetters = batch.queue.endsWith("-dlq");
  let sentBefore = false;
  for (const message of batch.messages) {
    const parsed = EmailMessage.safeParse(message.body);
    if (!parsed.success) {
      ctx.logger.error("malformed email message dropped", { id: message.id });
      message.ack();
      continue;
    }
    if ("newsletterId" in parsed.data) {
      // A newsletter's next batch. Its retries are its copies' own (their attempts and due times),
      // so the message is acknowledged and a new one sent for later: the queue's retry count is
      // for single emails. A lost message is sent again by the cron.
      if (!deadLetters) {
        if (sentBefore) await new Promise((resolve) => setTimeout(resolve, SEND_SPACING_MS));
        const outcome = await sendNewsletterBatch(ctx, parsed.data.newsletterId);
        sentBefore = true;
        if (outcome !== "done") {
          await ctx.queue.send(parsed.data, {
            delaySeconds: outcome === "more" ? NEXT_BATCH_DELAY_SECONDS : outcome.retryInSeconds,
          });
        }
      }
      message.ack();
      continue;
    }
    const { outboxId } = parsed.data;
    if (deadLetters) {
      // Only the delivery that marks the row failed reports it: a message delivered twice, or for an
      // email sent or failed meanwhile, changes nothing and says nothing.
      const [failed] = await ctx.db
        .update(emailOutbox)
        .set({ status: "failed", updatedAt: new Date().toISOString() })
        .where(and(eq(emailOutbox.id, outboxId), notInArray(emailOutbox.status, ["sent", "failed"])))
        .returning({ kind: emailOutbox.kind });
      if (failed) {
        ctx.logger.error("email dead-lettered", { outboxId, kind: failed.kind });
        reportProblem(`A "${failed.kind}" email was given up on after every retry`, {
          queue: batch.queue,
          outbox_id: String(outboxId),
        });
      }
      message.ack();
      continue;
    }
    if (sentBefore) await new Promise((resolve) => setTimeout(resolve, SEND_SPACING_MS));
    const outcome = await sendOne(ctx, outboxId);
    sentBefore = outcome !== "skipped";
    if (typeof outcome === "number") message.retry({ delaySeconds: outcome });
    else message.ack();
  }
}

/** "sent", "skipped" (nothing to send, or another send has it), or the seconds until a retry. */
async function sendOne(ctx: ConsumerContext, outboxId: number): Promise<"sent" | "skipped" | number> {
  const [row] = await ctx.db
    .select({
      id: emailOutbox.id,
      kind: emailOutbox.kind,
      orderId: emailOutbox.orderId,
      recipient: emailOutbox.recipient,
      subject: emailOutbox.subject,
      html: emailOutbox.html,
      text: emailOutbox.text,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      unsubscribeUrl: emailOutbox.unsubscribeUrl,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(eq(emailOutbox.id, outboxId));
  // A newsletter's copies go in batches (send-newsletter.server.ts), never one by one.
  if (row?.status !== "queued" || row.kind === "newsletter") return "skipped";
  // Take the row for this send: another copy of the message (a re-queue) finds it taken and stops.
  // A retry may arrive a moment before its time by our clock: it is due within the tolerance.
  const now = new Date();
  const dueBy = new Date(now.getTime() + DUE_TOLERANCE_SECONDS * 1000).toISOString();
  const [taken] = await ctx.db
    .update(emailOutbox)
    .set({ nextAttemptAt: new Date(now.getTime() + SEND_LEASE_SECONDS * 1000).toISOString() })
    .where(
      and(
        eq(emailOutbox.id, row.id),
        eq(emailOutbox.status, "queued"),
        or(isNull(emailOutbox.nextAttemptAt), lte(emailOutbox.nextAttemptAt, dueBy)),
      ),
    )
    .returning({ id: emailOutbox.id });
  if (!taken) return "skipped";
  // An address that bounced for good or complained gets only what it must (decision 022).
  if ((NON_ESSENTIAL_KINDS as readonly string[]).includes(row.kind) && (await isSuppressed(ctx, row.recipient))) {
    await ctx.db
      .update(emailOutbox)
      .set({
        status: "suppressed",
        nextAttemptAt: null,
        lastError: "Not sent: this address bounced or marked our email as spam.",
        updatedAt: new Date().toISOString(),
      })
      .where(eq(emailOutbox.id, row.id));
    ctx.logger.info("email held back for a suppressed address", { outboxId: row.id, kind: row.kind });
    return "skipped";
  }

  // Order emails are rendered from the order now; account emails were stored whole when queued.
  let content = { subject: row.subject, html: row.html, text: row.text };
  if (row.kind === "order-confirmation" && row.orderId) {
    const order = await findOrder(ctx, { id: row.orderId });
    if (!order) return "skipped";
    content = await orderConfirmationEmail(
      order,
      `${ctx.origin}/orders/${order.number}?token=${order.accessToken}`,
      await shopForEmails(ctx.db),
    );
  }
  const { data, error } = await createResend(ctx.env).emails.send(
    {
      from: ctx.env.EMAIL_FROM,
      to: row.recipient,
      subject: content.subject,
      html: content.html,
      text: content.text,
      // Marketing-like email (a notify-me) carries one-click unsubscribe for the mail app (RFC 8058).
      ...(row.unsubscribeUrl ? { headers: listUnsubscribeHeaders(row.unsubscribeUrl) } : {}),
    },
    // The row's id and when it was written: ids start again in a fresh database (a restore into an
    // empty one, a test run), and Resend keeps a key for 24 hours.
    { idempotencyKey: `outbox-${row.id}-${Date.parse(row.createdAt)}` },
  );
  if (error || !data) {
    // By the row's own count, so a re-queued email keeps its place in the schedule.
    const delaySeconds = retryDelaySeconds(row.attempts + 1);
    await ctx.db
      .update(emailOutbox)
      .set({
        attempts: sql`${emailOutbox.attempts} + 1`,
        lastError: error?.message ?? "no response",
        nextAttemptAt: new Date(Date.now() + delaySeconds * 1000).toISOString(),
        ...content,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(emailOutbox.id, row.id));
    ctx.logger.warn("email send failed; will retry", { outboxId: row.id, error: error?.message, delaySeconds });
    return delaySeconds;
  }
  await ctx.db
    .update(emailOutbox)
    .set({
      status: "sent",
      attempts: sql`${emailOutbox.attempts} + 1`,
      providerId: data.id,
      sentAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      nextAttemptAt: null,
      ...content,
      lastError: null,
    })
    .where(eq(emailOutbox.id, row.id));
  return "sent";
}
