import { isLocal } from "../platform/env.server";
import type { RequestContext } from "../platform/request-context.server";

export type OutboxEntry = {
  id: number;
  recipient: string;
  subject: string;
  status: string;
  attempts: number;
  text: string;
  createdAt: string;
};

/** The local outbox is for development only: without a Resend key, on a local environment. */
export function localOutboxEnabled(ctx: Pick<RequestContext, "env">): boolean {
  return isLocal(ctx.env) && !ctx.env.RESEND_API_KEY;
}

export async function listOutbox(ctx: Pick<RequestContext, "db">): Promise<OutboxEntry[]> {
  const { results } = await ctx.db.$client
    .prepare(
      `SELECT id, recipient, subject, status, attempts, text, created_at AS createdAt
       FROM email_outbox ORDER BY id DESC LIMIT 50`,
    )
    .all<OutboxEntry>();
  return results;
}

export async function outboxHtml(ctx: Pick<RequestContext, "db">, id: number): Promise<string | null> {
  const row = await ctx.db.$client
    .prepare("SELECT html FROM email_outbox WHERE id = ?")
    .bind(id)
    .first<{ html: string }>();
  return row?.html || null;
}
