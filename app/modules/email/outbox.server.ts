import { desc, eq } from "drizzle-orm";
import { emailOutbox, newsletterSubscribers, newsletters } from "../../../database/schema";
import { copyFor, renderNewsletter } from "../newsletter/newsletter-content.server";
import { isLocal } from "../platform/env.server";
import type { RequestContext } from "../platform/request-context.server";
import { unsubscribeUrl } from "./unsubscribe-links.server";

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
      newsletterId: emailOutbox.newsletterId,
    })
    .from(emailOutbox)
    .orderBy(desc(emailOutbox.id))
    .limit(50);
}

type CopyContext = Pick<RequestContext, "db" | "env">;

/**
 * A newsletter's copy as its subscriber got it (the outbox keeps one row per copy, not its HTML:
 * decision 031), rendered again for the local outbox, with that subscriber's unsubscribe link.
 */
export async function newsletterCopy(ctx: CopyContext, origin: string, newsletterId: number, recipient: string) {
  const [newsletter, subscriber] = await Promise.all([
    ctx.db.select().from(newsletters).where(eq(newsletters.id, newsletterId)).get(),
    ctx.db
      .select({ id: newsletterSubscribers.id })
      .from(newsletterSubscribers)
      .where(eq(newsletterSubscribers.address, recipient))
      .get(),
  ]);
  if (!newsletter || !subscriber) return null;
  const link = await unsubscribeUrl(ctx.env, origin, "newsletter", subscriber.id, recipient);
  return copyFor(await renderNewsletter(ctx.db, origin, newsletter), link);
}

/** The local outbox's list, newsletter copies shown with their text like every other email. */
export async function listOutboxWithCopies(ctx: CopyContext, origin: string) {
  const rows = await listOutbox(ctx);
  return Promise.all(
    rows.map(async (row) => {
      if (row.newsletterId === null || row.text) return row;
      const copy = await newsletterCopy(ctx, origin, row.newsletterId, row.recipient);
      return { ...row, text: copy?.text ?? "" };
    }),
  );
}

export type OutboxEntry = Awaited<ReturnType<typeof listOutbox>>[number];

export async function outboxHtml(ctx: CopyContext, origin: string, id: number): Promise<string | null> {
  const [row] = await ctx.db
    .select({ html: emailOutbox.html, newsletterId: emailOutbox.newsletterId, recipient: emailOutbox.recipient })
    .from(emailOutbox)
    .where(eq(emailOutbox.id, id));
  if (row?.newsletterId) return (await newsletterCopy(ctx, origin, row.newsletterId, row.recipient))?.html ?? null;
  return row?.html || null;
}
