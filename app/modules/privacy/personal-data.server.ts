import { and, asc, eq, inArray, not, sql } from "drizzle-orm";
import {
  auditLog,
  authTokens,
  emailOutbox,
  emailSuppressions,
  newsletterSubscribers,
  notifyRequests,
  orderItems,
  orders,
  recoveryCodes,
  users,
} from "../../../database/schema";
import { ERASED_NAME, erasePersonalOrderFields, hasOpenOrders, ordersOf } from "../orders/erase-personal-fields.server";
import { insertWhere, rowsChanged, runBatch, sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

/** Whose data: an account (and every order placed with its address), or a guest's address alone. */
export type DataSubject = { userId: number | null; email: string };

type PrivacyContext = Pick<RequestContext, "db">;

/**
 * Everything the shop holds about one person (UK GDPR art. 15 and 20), as plain data: the account,
 * every order with its lines, and every email sent to them. Never secrets: no password hash, no
 * two-step secret, no recovery codes, no link tokens.
 */
export async function collectPersonalData(ctx: PrivacyContext, subject: DataSubject) {
  const email = subject.email.toLowerCase();
  const [accounts, orderRows, emails, suppressions, newsletter, waiting] = await ctx.db.batch([
    ctx.db
      .select({
        name: users.name,
        email: users.email,
        role: users.role,
        phone: users.phone,
        deliveryAddress: users.deliveryAddress,
        deliveryPostcode: users.deliveryPostcode,
        createdAt: users.createdAt,
        emailVerifiedAt: users.emailVerifiedAt,
        pendingEmail: users.pendingEmail,
        signsInWithGoogle: sql<number>`${users.googleSubject} IS NOT NULL`,
        hasPassword: sql<number>`${users.passwordHash} IS NOT NULL`,
        twoStepSignIn: sql<number>`${users.totpEnabledAt} IS NOT NULL`,
      })
      .from(users)
      .where(subject.userId === null ? eq(users.email, email) : eq(users.id, subject.userId)),
    ctx.db
      .select({
        id: orders.id,
        number: orders.number,
        placedAt: orders.createdAt,
        status: orders.status,
        progress: orders.fulfilmentStatus,
        fulfilment: orders.fulfilment,
        day: orders.slotDate,
        time: orders.slotTime,
        name: orders.name,
        email: orders.email,
        phone: orders.phone,
        deliveryAddress: orders.deliveryAddress,
        deliveryPostcode: orders.deliveryPostcode,
        subtotalPence: orders.subtotalPence,
        deliveryFeePence: orders.deliveryFeePence,
        totalPence: orders.totalPence,
        refundedPence: orders.refundedPence,
        currency: orders.currency,
        paidAt: orders.paidAt,
      })
      .from(orders)
      .where(ordersOf(subject))
      .orderBy(asc(orders.createdAt)),
    ctx.db
      .select({
        sentAt: emailOutbox.sentAt,
        queuedAt: emailOutbox.createdAt,
        kind: emailOutbox.kind,
        subject: emailOutbox.subject,
        status: emailOutbox.status,
        delivery: emailOutbox.delivery,
      })
      .from(emailOutbox)
      .where(eq(emailOutbox.recipient, email))
      .orderBy(asc(emailOutbox.createdAt)),
    ctx.db
      .select({ reason: emailSuppressions.reason, since: emailSuppressions.createdAt })
      .from(emailSuppressions)
      .where(eq(emailSuppressions.address, email)),
    ctx.db
      .select({
        status: newsletterSubscribers.status,
        agreedTo: newsletterSubscribers.consentVersion,
        agreedAt: newsletterSubscribers.consentedAt,
        through: newsletterSubscribers.source,
        stoppedAt: newsletterSubscribers.unsubscribedAt,
      })
      .from(newsletterSubscribers)
      .where(eq(newsletterSubscribers.address, email)),
    ctx.db
      .select({
        product: sql<string>`(SELECT name FROM products WHERE products.id = ${notifyRequests.productId})`,
        day: notifyRequests.bakeDate,
        status: notifyRequests.status,
        askedAt: notifyRequests.createdAt,
      })
      .from(notifyRequests)
      .where(eq(notifyRequests.address, email))
      .orderBy(asc(notifyRequests.createdAt)),
  ]);
  const ids = orderRows.map((order) => order.id);
  // D1 binds at most 100 parameters a query: a very long order history is read in slices.
  const lines: { orderId: number; name: string; quantity: number; unitPricePence: number; message: string }[] = [];
  for (let start = 0; start < ids.length; start += 90) {
    lines.push(
      ...(await ctx.db
        .select({
          orderId: orderItems.orderId,
          name: orderItems.name,
          quantity: orderItems.quantity,
          unitPricePence: orderItems.unitPricePence,
          message: orderItems.message,
        })
        .from(orderItems)
        .where(inArray(orderItems.orderId, ids.slice(start, start + 90)))
        .orderBy(asc(orderItems.id))),
    );
  }
  const account = accounts[0];
  return {
    account: account
      ? {
          ...account,
          signsInWithGoogle: Boolean(account.signsInWithGoogle),
          hasPassword: Boolean(account.hasPassword),
          twoStepSignIn: Boolean(account.twoStepSignIn),
        }
      : null,
    orders: orderRows.map(({ id, ...order }) => ({
      ...order,
      lines: lines.filter((line) => line.orderId === id).map(({ orderId: _orderId, ...line }) => line),
    })),
    emails,
    emailSuppression: suppressions[0] ?? null,
    /** The newsletter (decision 031): whether, since when, and the version of the words agreed to. */
    newsletter: newsletter[0] ?? null,
    /** "Tell me when it's back" requests (decision 032). */
    notifyRequests: waiting,
  };
}

export type PersonalData = Awaited<ReturnType<typeof collectPersonalData>>;

/** The orders that keep an erasure waiting, by number (see `hasOpenOrders`). */
export async function openOrderNumbers(ctx: PrivacyContext, subject: DataSubject): Promise<string[]> {
  const rows = await ctx.db
    .select({ number: orders.number })
    .from(orders)
    .where(
      and(
        ordersOf(subject),
        sql`(${inArray(orders.status, ["pending", "awaiting_payment"])} OR (${orders.status} = 'paid' AND ${not(
          inArray(orders.fulfilmentStatus, ["collected", "delivered", "cancelled"]),
        )}))`,
      ),
    )
    .orderBy(asc(orders.createdAt));
  return rows.map((row) => row.number);
}

export type ErasureResult =
  | { ok: true }
  | { ok: false; reason: "open-orders"; numbers: string[] }
  | { ok: false; reason: "staff" };

/**
 * Erases what the shop holds about a person (UK GDPR art. 17) and keeps what the law and money need
 * (decision 027). One D1 batch, every statement guarded by "no open orders" so an order placed
 * meanwhile stops all of it: the account's personal fields (and it is disabled and signed out
 * everywhere), its links and recovery codes, the orders' personal fields and messages, emails to
 * the address (queued ones deleted, sent ones emptied), the address's suppression and newsletter
 * subscription, and an audit
 * entry saying who erased whom (no personal data in it).
 */
export async function erasePersonalData(
  ctx: Pick<RequestContext, "db">,
  subject: DataSubject,
  actorId: number,
  why: "customer" | "admin",
): Promise<ErasureResult> {
  const email = subject.email.toLowerCase();
  if (subject.userId !== null) {
    const account = await ctx.db.select({ role: users.role }).from(users).where(eq(users.id, subject.userId)).get();
    if (account && account.role !== "customer") return { ok: false, reason: "staff" };
  }
  const open = await openOrderNumbers(ctx, subject);
  if (open.length > 0) return { ok: false, reason: "open-orders", numbers: open };

  const placeholder = `erased-${crypto.randomUUID()}@erased.invalid`;
  const guard = sql`NOT ${hasOpenOrders(subject)}`;
  const accountStatements =
    subject.userId === null
      ? []
      : [
          ctx.db
            .update(users)
            .set({
              name: ERASED_NAME,
              email: placeholder,
              passwordHash: null,
              googleSubject: null,
              pendingEmail: null,
              phone: "",
              deliveryAddress: "",
              deliveryPostcode: "",
              totpSecret: null,
              totpEnabledAt: null,
              emailVerifiedAt: null,
              disabledAt: sqlNow,
              // Every session ends at once (a session carries the epoch it began in).
              sessionEpoch: sql`${users.sessionEpoch} + 1`,
              updatedAt: sqlNow,
            })
            .where(and(eq(users.id, subject.userId), guard)),
          ctx.db.delete(authTokens).where(and(eq(authTokens.userId, subject.userId), guard)),
          ctx.db.delete(recoveryCodes).where(and(eq(recoveryCodes.userId, subject.userId), guard)),
        ];
  const results = await runBatch(ctx.db, [
    ...erasePersonalOrderFields(ctx.db, subject, placeholder, guard),
    ...accountStatements,
    ctx.db.delete(emailOutbox).where(and(eq(emailOutbox.recipient, email), eq(emailOutbox.status, "queued"), guard)),
    ctx.db
      .update(emailOutbox)
      .set({ recipient: placeholder, subject: "(erased)", html: "", text: "", lastError: null, deliveryDetail: null })
      .where(and(eq(emailOutbox.recipient, email), guard)),
    ctx.db.delete(emailSuppressions).where(and(eq(emailSuppressions.address, email), guard)),
    ctx.db.delete(newsletterSubscribers).where(and(eq(newsletterSubscribers.address, email), guard)),
    ctx.db.delete(notifyRequests).where(and(eq(notifyRequests.address, email), guard)),
    insertWhere(
      ctx.db,
      auditLog,
      {
        entity: "user",
        entityId: subject.userId ?? 0,
        action: why === "customer" ? "erase personal data (by the customer)" : "erase personal data (on request)",
        actorUserId: actorId,
        before: null,
        after: JSON.stringify({ placeholder }),
      },
      { where: guard },
    ),
  ]);
  // The guard failed only if an order was opened between the check and the batch.
  if (rowsChanged(results.at(-1)) === 0)
    return { ok: false, reason: "open-orders", numbers: await openOrderNumbers(ctx, subject) };
  return { ok: true };
}

/** An export is logged too (who asked for whose data), with no personal data in the entry. */
export function logExport(ctx: PrivacyContext, subject: DataSubject, actorId: number) {
  return ctx.db.insert(auditLog).values({
    entity: "user",
    entityId: subject.userId ?? 0,
    action: subject.userId === actorId ? "export personal data (by the customer)" : "export personal data (on request)",
    actorUserId: actorId,
  });
}
