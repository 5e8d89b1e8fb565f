import { and, eq, ne, sql } from "drizzle-orm";
import { emailOutbox } from "../../../database/schema";
import { openingHoursNow } from "../checkout/calendar.server";
import type { Logger } from "../observability/logger.server";
import { findOrder } from "../orders/order-queries.server";
import type { Database } from "../platform/db.server";
import type { AppEnv } from "../platform/env.server";
import { EmailMessage } from "./enqueue.server";
import { orderConfirmationEmail } from "./order-emails.server";
import { createResend } from "./send-email.server";

type ConsumerContext = { env: AppEnv; db: Database; logger: Logger; origin: string };

/**
 * Sends queued emails. A provider failure retries the message with backoff; after the queue's
 * max_retries it goes to the dead-letter queue, whose consumer marks the row failed. The order
 * itself is never touched here, so an email problem can never undo a payment.
 */
export async function consumeEmailBatch(batch: MessageBatch<unknown>, ctx: ConsumerContext): Promise<void> {
  const deadLetters = batch.queue.endsWith("-dlq");
  for (const message of batch.messages) {
    const parsed = EmailMessage.safeParse(message.body);
    if (!parsed.success) {
      ctx.logger.error("malformed email message dropped", { id: message.id });
      message.ack();
      continue;
    }
    const { outboxId } = parsed.data;
    if (deadLetters) {
      await ctx.db
        .update(emailOutbox)
        .set({ status: "failed", updatedAt: new Date().toISOString() })
        .where(and(eq(emailOutbox.id, outboxId), ne(emailOutbox.status, "sent")));
      ctx.logger.error("email dead-lettered", { outboxId });
      message.ack();
      continue;
    }
    const outcome = await sendOne(ctx, outboxId);
    if (outcome === "retry") message.retry({ delaySeconds: Math.min(300, 2 ** message.attempts * 5) });
    else message.ack();
  }
}

async function sendOne(ctx: ConsumerContext, outboxId: number): Promise<"done" | "retry"> {
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
    })
    .from(emailOutbox)
    .where(eq(emailOutbox.id, outboxId));
  if (!row || row.status === "sent") return "done";

  // Order emails are rendered from the order now; account emails were stored whole when queued.
  let content = { subject: row.subject, html: row.html, text: row.text };
  if (row.kind === "order-confirmation" && row.orderId) {
    const order = await findOrder(ctx, { id: row.orderId });
    if (!order) return "done";
    content = await orderConfirmationEmail(
      order,
      `${ctx.origin}/orders/${order.number}?token=${order.accessToken}`,
      await openingHoursNow(ctx.db),
    );
  }
  const now = new Date().toISOString();
  const { data, error } = await createResend(ctx.env).emails.send(
    { from: ctx.env.EMAIL_FROM, to: row.recipient, subject: content.subject, html: content.html, text: content.text },
    { idempotencyKey: `outbox-${row.id}` },
  );
  if (error || !data) {
    await ctx.db
      .update(emailOutbox)
      .set({
        attempts: sql`${emailOutbox.attempts} + 1`,
        lastError: error?.message ?? "no response",
        ...content,
        updatedAt: now,
      })
      .where(eq(emailOutbox.id, row.id));
    ctx.logger.warn("email send failed; will retry", { outboxId: row.id, error: error?.message });
    return "retry";
  }
  await ctx.db
    .update(emailOutbox)
    .set({
      status: "sent",
      attempts: sql`${emailOutbox.attempts} + 1`,
      providerId: data.id,
      sentAt: now,
      updatedAt: now,
      ...content,
      lastError: null,
    })
    .where(eq(emailOutbox.id, row.id));
  return "done";
}
