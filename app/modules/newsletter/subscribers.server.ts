/**
 * Who gets the newsletter (decision 031). Subscribing records the address, when, through which
 * form and the version of the words agreed to; unsubscribing keeps the row (what was agreed, and
 * when it ended) and is final until the person ticks the box again.
 */
import { and, count, eq, sql } from "drizzle-orm";
import { newsletterSubscribers, orders } from "../../../database/schema";
import { NEWSLETTER } from "../../lib/constants";
import { type Database, excluded, insertWhere, sqlLower, sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

type Db = Pick<RequestContext, "db">;

/** How the row changes when an address subscribes again: a fresh consent replaces the old one. */
const resubscribe = sql`(${sql.identifier(newsletterSubscribers.address.name)}) DO UPDATE SET
  status = 'subscribed',
  consent_version = ${excluded(newsletterSubscribers.consentVersion)},
  consented_at = ${excluded(newsletterSubscribers.consentedAt)},
  source = ${excluded(newsletterSubscribers.source)},
  user_id = coalesce(${excluded(newsletterSubscribers.userId)}, ${newsletterSubscribers.userId}),
  unsubscribed_at = NULL,
  unsubscribed_by = NULL,
  updated_at = ${sqlNow}`;

/**
 * In the batch that marks an order paid (`justPaid` holds only then): subscribes the order's
 * address if the shopper ticked the box at checkout, with the words' version they saw and the
 * time they ticked it (when the order was placed). Paying is what makes it count: an address typed
 * into a checkout that was never paid for is not signed up for anything.
 */
export function subscribeFromPaidOrderStatement(db: Database, justPaid: ReturnType<typeof and>) {
  return insertWhere(
    db,
    newsletterSubscribers,
    {
      address: sql`lower(${orders.email})`,
      userId: orders.userId,
      status: "subscribed",
      consentVersion: orders.newsletterConsent,
      consentedAt: orders.createdAt,
      source: "checkout",
    },
    {
      from: sql`${orders}`,
      where: sql`${justPaid} AND ${orders.newsletterConsent} IS NOT NULL`,
      onConflict: resubscribe,
    },
  );
}

export type Subscription = { id: number; subscribed: boolean; consentedAt: string; unsubscribedAt: string | null };

export async function subscriptionOf(ctx: Db, address: string): Promise<Subscription | null> {
  const [row] = await ctx.db
    .select({
      id: newsletterSubscribers.id,
      status: newsletterSubscribers.status,
      consentedAt: newsletterSubscribers.consentedAt,
      unsubscribedAt: newsletterSubscribers.unsubscribedAt,
    })
    .from(newsletterSubscribers)
    .where(eq(newsletterSubscribers.address, sqlLower(address)));
  if (!row) return null;
  return {
    id: row.id,
    subscribed: row.status === "subscribed",
    consentedAt: row.consentedAt,
    unsubscribedAt: row.unsubscribedAt,
  };
}

/** The account's own choice (Your account → Newsletter): subscribes with today's words, or stops. */
export async function setAccountSubscription(
  ctx: Db,
  user: { id: number; email: string },
  subscribe: boolean,
): Promise<void> {
  if (subscribe) {
    await ctx.db
      .insert(newsletterSubscribers)
      .values({
        address: sqlLower(user.email),
        userId: user.id,
        status: "subscribed",
        consentVersion: NEWSLETTER.consent.version,
        consentedAt: new Date().toISOString(),
        source: "account",
      })
      .onConflictDoUpdate({
        target: newsletterSubscribers.address,
        set: {
          status: "subscribed",
          consentVersion: NEWSLETTER.consent.version,
          consentedAt: new Date().toISOString(),
          source: "account",
          userId: user.id,
          unsubscribedAt: null,
          unsubscribedBy: null,
          updatedAt: sqlNow,
        },
      });
    return;
  }
  await ctx.db
    .update(newsletterSubscribers)
    .set({ status: "unsubscribed", unsubscribedAt: sqlNow, unsubscribedBy: "account", updatedAt: sqlNow })
    .where(
      and(eq(newsletterSubscribers.address, sqlLower(user.email)), eq(newsletterSubscribers.status, "subscribed")),
    );
}

/** For the unsubscribe page: the subscriber a link names (its token is checked against the address). */
export async function subscriberById(ctx: Db, id: number) {
  const [row] = await ctx.db
    .select({
      id: newsletterSubscribers.id,
      address: newsletterSubscribers.address,
      status: newsletterSubscribers.status,
    })
    .from(newsletterSubscribers)
    .where(eq(newsletterSubscribers.id, id));
  return row ?? null;
}

/** Stops the newsletter for a subscriber; a second click, or a mail app's repeat, changes nothing. */
export async function unsubscribeSubscriber(ctx: Db, id: number, by: "link" | "one-click"): Promise<void> {
  await ctx.db
    .update(newsletterSubscribers)
    .set({ status: "unsubscribed", unsubscribedAt: sqlNow, unsubscribedBy: by, updatedAt: sqlNow })
    .where(and(eq(newsletterSubscribers.id, id), eq(newsletterSubscribers.status, "subscribed")));
}

export async function countSubscribers(ctx: Db): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(newsletterSubscribers)
    .where(eq(newsletterSubscribers.status, "subscribed"));
  return row?.n ?? 0;
}
