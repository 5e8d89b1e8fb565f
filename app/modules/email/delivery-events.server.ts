/**
 * What Resend says happened to an email after we sent it (docs/decisions/022-email-delivery.md):
 * delivered, delayed, bounced or marked as spam. Each webhook delivery is recorded once by its
 * svix-id, with a random claim; the effects run in the same D1 batch and only for the request
 * whose claim the row holds, so a delivery repeated, concurrent or out of order changes nothing
 * twice. A status never goes back: delivered does not replace bounced, delayed does not replace
 * delivered.
 */
import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { z } from "zod";
import { emailEvents, emailOutbox, emailSuppressions } from "../../../database/schema";
import { insertWhere, rowsChanged, runBatch, sqlLower, sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

/** Emails an address that bounced or complained still gets: the receipt, refunds, account security. */
export const NON_ESSENTIAL_KINDS = ["order-ready", "order-dispatched", "notify-me"] as const;

const DELIVERY_RANK = { delayed: 1, delivered: 2, bounced: 3, complained: 4 } as const;
type Delivery = keyof typeof DELIVERY_RANK;

const EVENT_DELIVERY: Record<string, Delivery> = {
  "email.delivery_delayed": "delayed",
  "email.delivered": "delivered",
  "email.bounced": "bounced",
  "email.complained": "complained",
};

/** The part of a Resend email event we use (the SDK's verifier has checked the signature). */
export const ResendEmailEvent = z.object({
  type: z.string().max(100),
  created_at: z.string().max(100),
  data: z.object({
    email_id: z.string().min(1).max(200),
    to: z.array(z.string().max(320)).max(50),
    bounce: z
      .object({ type: z.string().max(100), subType: z.string().max(100), message: z.string().max(2000) })
      .optional(),
  }),
});
export type ResendEmailEvent = z.infer<typeof ResendEmailEvent>;

const rank = (column: typeof emailOutbox.delivery) =>
  sql`CASE ${column} ${sql.raw(
    Object.entries(DELIVERY_RANK)
      .map(([name, value]) => `WHEN '${name}' THEN ${value}`)
      .join(" "),
  )} ELSE 0 END`;

/** A permanent bounce; a transient one (mailbox full, greylisting) may well deliver next time. */
const isHardBounce = (event: ResendEmailEvent) =>
  event.type === "email.bounced" && event.data.bounce?.type === "Permanent";

export type EventOutcome = "recorded" | "duplicate" | "ignored";

export async function recordEmailEvent(
  ctx: Pick<RequestContext, "db">,
  eventId: string,
  event: ResendEmailEvent,
): Promise<EventOutcome> {
  const delivery = EVENT_DELIVERY[event.type];
  const claim = crypto.randomUUID();
  const claimed = sql`EXISTS (SELECT 1 FROM ${emailEvents} WHERE ${emailEvents.id} = ${eventId} AND ${emailEvents.claim} = ${claim})`;
  const record = ctx.db
    .insert(emailEvents)
    .values({ id: eventId, type: event.type.slice(0, 100), emailId: event.data.email_id, claim })
    .onConflictDoNothing();
  if (!delivery) {
    // Sent, opened, clicked…: nothing to do, but recorded so a repeat is known.
    const [inserted] = await runBatch(ctx.db, [record]);
    return rowsChanged(inserted) > 0 ? "ignored" : "duplicate";
  }
  const detail = event.data.bounce ? `${event.data.bounce.type}: ${event.data.bounce.message}`.slice(0, 500) : null;
  const effects: BatchItem<"sqlite">[] = [
    ctx.db
      .update(emailOutbox)
      .set({ delivery, deliveryAt: event.created_at, deliveryDetail: detail, updatedAt: sqlNow })
      .where(
        and(
          eq(emailOutbox.providerId, event.data.email_id),
          sql`${rank(emailOutbox.delivery)} < ${DELIVERY_RANK[delivery]}`,
          claimed,
        ),
      ),
  ];
  if (delivery === "complained" || isHardBounce(event)) {
    for (const address of new Set(event.data.to.map((to) => to.toLowerCase()))) {
      effects.push(
        insertWhere(
          ctx.db,
          emailSuppressions,
          {
            address: sqlLower(address),
            reason: delivery === "complained" ? "complained" : "bounced",
            detail: detail ?? "",
            eventId,
          },
          { where: claimed, onConflict: sql`DO NOTHING` },
        ),
      );
    }
  }
  const [inserted] = await runBatch(ctx.db, [record, ...effects]);
  return rowsChanged(inserted) > 0 ? "recorded" : "duplicate";
}

/** Whether non-essential email to this address is held back (it bounced for good, or complained). */
export async function isSuppressed(ctx: Pick<RequestContext, "db">, address: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ address: emailSuppressions.address })
    .from(emailSuppressions)
    .where(eq(emailSuppressions.address, sqlLower(address)));
  return Boolean(row);
}

/** The suppression on an address, for staff looking at that customer's order. */
export async function suppressionOf(ctx: Pick<RequestContext, "db">, address: string) {
  const [row] = await ctx.db
    .select({ reason: emailSuppressions.reason, detail: emailSuppressions.detail, since: emailSuppressions.createdAt })
    .from(emailSuppressions)
    .where(eq(emailSuppressions.address, sqlLower(address)));
  return row ?? null;
}
