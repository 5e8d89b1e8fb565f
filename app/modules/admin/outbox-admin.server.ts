import type { RequestContext } from "../platform/request-context.server";

export const EMAIL_STATUSES = ["queued", "sent", "failed"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export type AdminEmailRow = {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  orderNumber: string | null;
  createdAt: string;
  sentAt: string | null;
};

/** Newest first, optionally one status; failed ones are what an admin comes here for. */
export async function listEmails(
  ctx: Pick<RequestContext, "db">,
  status: EmailStatus | undefined,
): Promise<AdminEmailRow[]> {
  const { results } = await ctx.db.$client
    .prepare(
      `SELECT e.id, e.kind, e.recipient, e.subject, e.status, e.attempts, e.last_error AS lastError,
              o.number AS orderNumber, e.created_at AS createdAt, e.sent_at AS sentAt
       FROM email_outbox e LEFT JOIN orders o ON o.id = e.order_id
       WHERE ?1 IS NULL OR e.status = ?1 ORDER BY e.id DESC LIMIT 100`,
    )
    .bind(status ?? null)
    .all<AdminEmailRow>();
  return results;
}

export async function emailCounts(ctx: Pick<RequestContext, "db">): Promise<Record<EmailStatus, number>> {
  const { results } = await ctx.db.$client
    .prepare("SELECT status, count(*) AS n FROM email_outbox GROUP BY status")
    .all<{ status: EmailStatus; n: number }>();
  const counts = { queued: 0, sent: 0, failed: 0 };
  for (const row of results) counts[row.status] = row.n;
  return counts;
}

/**
 * Puts a failed email back on the queue. Only a failed row moves (one conditional UPDATE), so two
 * clicks send one retry; the consumer's idempotency key stops a double send at the provider.
 */
export async function retryEmail(ctx: Pick<RequestContext, "db" | "bindings">, id: number): Promise<boolean> {
  const row = await ctx.db.$client
    .prepare(
      "UPDATE email_outbox SET status = 'queued', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND status = 'failed' RETURNING id",
    )
    .bind(id)
    .first<{ id: number }>();
  if (!row) return false;
  await ctx.bindings.EMAIL_QUEUE.send({ outboxId: row.id });
  return true;
}
