import { desc, eq } from "drizzle-orm";
import { emailOutbox } from "../../../database/schema";
import { isLocal } from "../platform/env.server";
import type { RequestContext } from "../platform/request-context.server";

/** The local outbox is for development only: without a Resend key, on a local environment. */
export function localOutboxEnabled(ctx: Pick<RequestContext, "env">): boolean {
  return isLocal(ctx.env) && !ctx.env.RESEND_API_KEY;
}

export function listOutbox(ctx: Pick<RequestContext, "db">) {
  return ctx.db
    .select({
      id: emailOutbox.id,
      recipient: emailOutbox.recipient,
      subject: emailOutbox.subject,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      text: emailOutbox.text,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .orderBy(desc(emailOutbox.id))
    .limit(50);
}

export type OutboxEntry = Awaited<ReturnType<typeof listOutbox>>[number];

export async function outboxHtml(ctx: Pick<RequestContext, "db">, id: number): Promise<string | null> {
  const [row] = await ctx.db.select({ html: emailOutbox.html }).from(emailOutbox).where(eq(emailOutbox.id, id));
  return row?.html || null;
}
