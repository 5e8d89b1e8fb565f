import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { emailOutbox, orders, refunds } from "../../../database/schema";
import { sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

export const EMAIL_STATUSES = ["queued", "sent", "failed", "suppressed"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * The shop's own emails, one per person and event; a newsletter's copies are counted on its own
 * page (Admin → Newsletter), not listed here by the hundred.
 */
const oneByOne = isNull(emailOutbox.newsletterId);

/** Newest first, optionally one status; failed ones are what an admin comes here for. */
export function listEmails(ctx: Pick<RequestContext, "db">, status: EmailStatus | undefined) {
  return ctx.db
    .select({
      id: emailOutbox.id,
      kind: emailOutbox.kind,
      recipient: emailOutbox.recipient,
      subject: emailOutbox.subject,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      orderNumber: orders.number,
      createdAt: emailOutbox.createdAt,
      sentAt: emailOutbox.sentAt,
      delivery: emailOutbox.delivery,
      deliveryDetail: emailOutbox.deliveryDetail,
    })
    .from(emailOutbox)
    .leftJoin(orders, eq(orders.id, emailOutbox.orderId))
    .where(and(oneByOne, status ? eq(emailOutbox.status, status) : undefined))
    .orderBy(desc(emailOutbox.id))
    .limit(100);
}

export type AdminEmailRow = Awaited<ReturnType<typeof listEmails>>[number];

export async function emailCounts(ctx: Pick<RequestContext, "db">): Promise<Record<EmailStatus, number>> {
  const rows = await ctx.db
    .select({ status: emailOutbox.status, n: count() })
    .from(emailOutbox)
    .where(oneByOne)
    .groupBy(emailOutbox.status);
  const counts = { queued: 0, sent: 0, failed: 0, suppressed: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/**
 * Puts a failed email back on the queue. Only a failed row moves (one conditional UPDATE), so two
 * clicks send one retry; the consumer's idempotency key stops a double send at the provider.
 */
export async function retryEmail(ctx: Pick<RequestContext, "db" | "bindings">, id: number): Promise<boolean> {
  const [row] = await ctx.db
    .update(emailOutbox)
    .set({ status: "queued", nextAttemptAt: null, updatedAt: sqlNow })
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, "failed"), oneByOne))
    .returning({ id: emailOutbox.id });
  if (!row) return false;
  await ctx.bindings.EMAIL_QUEUE.send({ outboxId: row.id });
  return true;
}

/** What is waiting on someone: emails that failed for good or were held back, refunds Stripe has not settled. */
export async function waitingWork(ctx: Pick<RequestContext, "db">) {
  const [[emails], [pending]] = await ctx.db.batch([
    ctx.db
      .select({
        failed: sql<number>`count(*) FILTER (WHERE ${emailOutbox.status} = 'failed')`,
        heldBack: sql<number>`count(*) FILTER (WHERE ${emailOutbox.status} = 'suppressed')`,
      })
      .from(emailOutbox)
      .where(and(inArray(emailOutbox.status, ["failed", "suppressed"]), oneByOne)),
    ctx.db.select({ n: count() }).from(refunds).where(eq(refunds.status, "pending")),
  ]);
  return { failedEmails: emails?.failed ?? 0, heldBackEmails: emails?.heldBack ?? 0, pendingRefunds: pending?.n ?? 0 };
}
