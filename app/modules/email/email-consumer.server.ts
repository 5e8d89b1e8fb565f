import type { Logger } from "../observability/logger.server";
import { findOrder } from "../orders/order-queries.server";
import type { AppEnv } from "../platform/env.server";
import { EmailMessage } from "./enqueue.server";
import { orderConfirmationEmail } from "./order-emails.server";
import { createResend } from "./send-email.server";

type ConsumerContext = { env: AppEnv; d1: D1Database; logger: Logger; origin: string };

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
      await ctx.d1
        .prepare("UPDATE email_outbox SET status = 'failed', updated_at = ? WHERE id = ? AND status != 'sent'")
        .bind(new Date().toISOString(), outboxId)
        .run();
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
  const row = await ctx.d1
    .prepare("SELECT id, kind, order_id, recipient, subject, html, text, status FROM email_outbox WHERE id = ?")
    .bind(outboxId)
    .first<{
      id: number;
      kind: string;
      order_id: number | null;
      recipient: string;
      subject: string;
      html: string;
      text: string;
      status: string;
    }>();
  if (!row || row.status === "sent") return "done";

  // Order emails are rendered from the order now; account emails were stored whole when queued.
  let content = { subject: row.subject, html: row.html, text: row.text };
  if (row.kind === "order-confirmation" && row.order_id) {
    const order = await findOrder({ db: { $client: ctx.d1 } }, { id: row.order_id });
    if (!order) return "done";
    content = await orderConfirmationEmail(order, `${ctx.origin}/orders/${order.number}?token=${order.accessToken}`);
  }
  const now = new Date().toISOString();
  const { data, error } = await createResend(ctx.env).emails.send(
    { from: ctx.env.EMAIL_FROM, to: row.recipient, subject: content.subject, html: content.html, text: content.text },
    { idempotencyKey: `outbox-${row.id}` },
  );
  if (error || !data) {
    await ctx.d1
      .prepare(
        "UPDATE email_outbox SET attempts = attempts + 1, last_error = ?, html = ?, text = ?, subject = ?, updated_at = ? WHERE id = ?",
      )
      .bind(error?.message ?? "no response", content.html, content.text, content.subject, now, row.id)
      .run();
    ctx.logger.warn("email send failed; will retry", { outboxId: row.id, error: error?.message });
    return "retry";
  }
  await ctx.d1
    .prepare(
      `UPDATE email_outbox SET status = 'sent', attempts = attempts + 1, provider_id = ?, sent_at = ?, updated_at = ?,
         html = ?, text = ?, subject = ?, last_error = NULL WHERE id = ?`,
    )
    .bind(data.id, now, now, content.html, content.text, content.subject, row.id)
    .run();
  return "done";
}
