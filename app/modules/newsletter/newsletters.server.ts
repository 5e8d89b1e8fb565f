/**
 * Newsletters staff write, preview and send (decision 031). A draft is saved over the version the
 * form was opened at; sending freezes it, writes one outbox copy per subscriber in the same batch
 * (nobody twice: unique per newsletter and address) and queues the first batch.
 */
import { and, desc, eq, notInArray, sql } from "drizzle-orm";
import { auditLog, emailOutbox, emailSuppressions, newsletterSubscribers, newsletters } from "../../../database/schema";
import { insertWhere, previousChangedOneRow, qualified, rowsChanged, runBatch, sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

type Ctx = Pick<RequestContext, "db">;

/** The message on the email queue that sends a newsletter's next batch. */
export type NewsletterMessage = { newsletterId: number };

const copies = (status: "queued" | "sent" | "failed" | "suppressed") =>
  sql<number>`(SELECT count(*) FROM ${emailOutbox} WHERE ${emailOutbox.newsletterId} = ${qualified(newsletters.id)}
    AND ${emailOutbox.status} = ${status})`.mapWith(Number);

const progress = {
  queued: copies("queued"),
  sent: copies("sent"),
  failed: copies("failed"),
  heldBack: copies("suppressed"),
};

export async function listNewsletters(ctx: Ctx) {
  return ctx.db
    .select({
      id: newsletters.id,
      subject: newsletters.subject,
      status: newsletters.status,
      recipients: newsletters.recipients,
      updatedAt: newsletters.updatedAt,
      sendStartedAt: newsletters.sendStartedAt,
      sentAt: newsletters.sentAt,
      ...progress,
    })
    .from(newsletters)
    .orderBy(desc(newsletters.id))
    .limit(100);
}

export async function loadNewsletter(ctx: Ctx, id: number) {
  const row = await ctx.db
    .select({
      id: newsletters.id,
      subject: newsletters.subject,
      body: newsletters.body,
      status: newsletters.status,
      version: newsletters.version,
      recipients: newsletters.recipients,
      sendStartedAt: newsletters.sendStartedAt,
      sentAt: newsletters.sentAt,
      ...progress,
    })
    .from(newsletters)
    .where(eq(newsletters.id, id))
    .get();
  return row ?? null;
}

export type NewsletterDetail = NonNullable<Awaited<ReturnType<typeof loadNewsletter>>>;

/** Subscribers a send would go to now: subscribed, and not bounced or complained. */
const audience = (db: Ctx["db"]) =>
  db
    .select({ address: newsletterSubscribers.address })
    .from(newsletterSubscribers)
    .where(
      and(
        eq(newsletterSubscribers.status, "subscribed"),
        notInArray(newsletterSubscribers.address, db.select({ a: emailSuppressions.address }).from(emailSuppressions)),
      ),
    );

export async function audienceSize(ctx: Ctx): Promise<number> {
  const [row] = await ctx.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(audience(ctx.db).as("audience"));
  return row?.n ?? 0;
}

export async function createNewsletter(
  ctx: Ctx,
  actorId: number,
  values: { subject: string; body: string },
): Promise<number> {
  const [row] = await ctx.db
    .insert(newsletters)
    .values({ ...values, createdBy: actorId })
    .returning({ id: newsletters.id });
  if (!row) throw new Error("the newsletter was not written");
  return row.id;
}

export type SaveResult = { ok: true } | { ok: false; reason: "stale" | "not-draft" };

/** Saves a draft over the version its form was opened at; a newer save, or a send, wins. */
export async function saveNewsletter(
  ctx: Ctx,
  id: number,
  values: { subject: string; body: string; version: number },
): Promise<SaveResult> {
  const [saved] = await ctx.db
    .update(newsletters)
    .set({ subject: values.subject, body: values.body, version: sql`${newsletters.version} + 1`, updatedAt: sqlNow })
    .where(and(eq(newsletters.id, id), eq(newsletters.status, "draft"), eq(newsletters.version, values.version)))
    .returning({ id: newsletters.id });
  if (saved) return { ok: true };
  const current = await ctx.db
    .select({ status: newsletters.status })
    .from(newsletters)
    .where(eq(newsletters.id, id))
    .get();
  return { ok: false, reason: current?.status === "draft" ? "stale" : "not-draft" };
}

export type StartResult = { ok: true; recipients: number } | { ok: false; reason: "stale" | "not-draft" | "nobody" };

/**
 * Starts sending the version staff previewed: in one D1 batch the newsletter becomes "sending"
 * (only from draft, only at that version), the audit entry is written, and one outbox copy per
 * subscriber now on the list; each later statement runs only if the one before changed a row.
 */
export async function startSending(
  ctx: Pick<RequestContext, "db" | "bindings">,
  actorId: number,
  id: number,
  version: number,
): Promise<StartResult> {
  const { db } = ctx;
  if ((await audienceSize(ctx)) === 0) return { ok: false, reason: "nobody" };
  const startedAt = new Date().toISOString();
  const subject = sql`(SELECT ${newsletters.subject} FROM ${newsletters} WHERE ${newsletters.id} = ${id})`;
  const results = await runBatch(db, [
    db
      .update(newsletters)
      .set({ status: "sending", sendStartedAt: startedAt, updatedAt: startedAt })
      .where(and(eq(newsletters.id, id), eq(newsletters.status, "draft"), eq(newsletters.version, version))),
    insertWhere(
      db,
      auditLog,
      { entity: "newsletter", entityId: id, action: "send", actorUserId: actorId, after: JSON.stringify({ version }) },
      { where: previousChangedOneRow },
    ),
    insertWhere(
      db,
      emailOutbox,
      { kind: "newsletter", newsletterId: id, recipient: sql`audience.address`, subject, status: "queued" },
      {
        from: sql`(${audience(db)}) AS audience`,
        where: sql`EXISTS (SELECT 1 FROM ${newsletters} WHERE ${newsletters.id} = ${id}
          AND ${newsletters.sendStartedAt} = ${startedAt})`,
        onConflict: sql`DO NOTHING`,
      },
    ),
    db
      .update(newsletters)
      .set({
        recipients: sql`(SELECT count(*) FROM ${emailOutbox} WHERE ${emailOutbox.newsletterId} = ${id})`,
      })
      .where(and(eq(newsletters.id, id), eq(newsletters.sendStartedAt, startedAt))),
  ]);
  if (rowsChanged(results[0]) === 0) {
    const current = await db
      .select({ status: newsletters.status })
      .from(newsletters)
      .where(eq(newsletters.id, id))
      .get();
    return { ok: false, reason: current?.status === "draft" ? "stale" : "not-draft" };
  }
  await ctx.bindings.EMAIL_QUEUE.send({ newsletterId: id } satisfies NewsletterMessage);
  return { ok: true, recipients: rowsChanged(results[2]) };
}

/**
 * The cron: a newsletter still sending whose chain of queue messages was lost (nothing sent for
 * the grace period, and no retry waiting) gets a new message. One that is moving, or waiting for
 * a retry, is left alone: a second chain would only compete for the same batches.
 */
export async function resumeNewsletters(
  ctx: Pick<RequestContext, "db" | "bindings">,
  now: Date,
  graceMinutes: number,
): Promise<number> {
  const cutoff = new Date(now.getTime() - graceMinutes * 60_000).toISOString();
  const stalled = await ctx.db
    .select({ id: newsletters.id })
    .from(newsletters)
    .where(
      and(
        eq(newsletters.status, "sending"),
        sql`NOT EXISTS (SELECT 1 FROM ${emailOutbox} WHERE ${emailOutbox.newsletterId} = ${qualified(newsletters.id)}
          AND (${emailOutbox.updatedAt} >= ${cutoff}
            OR (${emailOutbox.status} = 'queued' AND ${emailOutbox.nextAttemptAt} >= ${cutoff})))`,
      ),
    )
    .limit(20);
  if (stalled.length === 0) return 0;
  await ctx.bindings.EMAIL_QUEUE.sendBatch(
    stalled.map((row) => ({ body: { newsletterId: row.id } satisfies NewsletterMessage })),
  );
  return stalled.length;
}
