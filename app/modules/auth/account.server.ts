import { and, eq, notExists, sql } from "drizzle-orm";
import { users } from "../../../database/schema";
import { sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { hashPassword, verifyPassword } from "./password";
import { consumeToken, revokeTokens } from "./tokens.server";

type AccountContext = Pick<RequestContext, "db">;

export type AccountProfile = NonNullable<Awaited<ReturnType<typeof getAccountProfile>>>;

export async function getAccountProfile(ctx: AccountContext, userId: number) {
  return (await accountProfileQuery(ctx.db, userId).get()) ?? null;
}

/** The profile as a query, for pages that read it in one batch with more (the account page). */
export function accountProfileQuery(db: AccountContext["db"], userId: number) {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      verified: sql<boolean>`${users.emailVerifiedAt} IS NOT NULL`.mapWith(Boolean),
      pendingEmail: users.pendingEmail,
      hasPassword: sql<boolean>`${users.passwordHash} IS NOT NULL`.mapWith(Boolean),
      hasGoogle: sql<boolean>`${users.googleSubject} IS NOT NULL`.mapWith(Boolean),
      twoFactor: sql<boolean>`${users.totpEnabledAt} IS NOT NULL`.mapWith(Boolean),
      phone: users.phone,
      address: users.deliveryAddress,
      postcode: users.deliveryPostcode,
    })
    .from(users)
    .where(eq(users.id, userId));
}

export async function updateAccountDetails(
  ctx: AccountContext,
  userId: number,
  details: { name: string; phone: string; address: string; postcode: string },
): Promise<void> {
  await ctx.db
    .update(users)
    .set({
      name: details.name,
      phone: details.phone,
      deliveryAddress: details.address,
      deliveryPostcode: sql`upper(${details.postcode})`,
      updatedAt: sqlNow,
    })
    .where(eq(users.id, userId));
}

/** The Google identity linked to an account, if any. */
export async function googleSubjectOf(ctx: AccountContext, userId: number): Promise<string | null> {
  const row = await ctx.db.select({ googleSubject: users.googleSubject }).from(users).where(eq(users.id, userId)).get();
  return row?.googleSubject ?? null;
}

/** Whether the password is this user's; true for an account without one (Google only). */
export async function confirmCurrentPassword(ctx: AccountContext, userId: number, password: string | undefined) {
  const row = await ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).get();
  if (!row?.passwordHash) return true;
  return Boolean(password) && (await verifyPassword(password ?? "", row.passwordHash));
}

/** Every link that could take the account over once its password is no longer the one it was. */
const SUPERSEDED_BY_PASSWORD_CHANGE = ["reset-password", "change-email"] as const;

/** What a new password changes: the hash, every session (the epoch), and any pending address change. */
async function passwordReplaced(newPassword: string) {
  return {
    passwordHash: await hashPassword(newPassword),
    sessionEpoch: sql`${users.sessionEpoch} + 1`,
    pendingEmail: null,
  };
}

/**
 * Sets a new password and ends every session (the caller starts a fresh one for this browser).
 * Outstanding reset and change-email links die with the old password, and so does a pending
 * change: whoever had the old password may have asked for it.
 */
export async function changePassword(ctx: AccountContext, userId: number, newPassword: string): Promise<void> {
  await ctx.db.batch([
    ctx.db
      .update(users)
      .set({ ...(await passwordReplaced(newPassword)), updatedAt: sqlNow })
      .where(eq(users.id, userId)),
    revokeTokens(ctx, userId, [...SUPERSEDED_BY_PASSWORD_CHANGE]),
  ]);
}

/**
 * Uses a reset link: a new password, every session ended, every other reset and change-email link
 * revoked. The address counts as proved only if the link was mailed to the address the account
 * still has. Returns the account's address (for the notice), or null for a dead link.
 */
export async function resetPasswordWithToken(
  ctx: AccountContext,
  token: string,
  newPassword: string,
): Promise<{ email: string } | null> {
  const redeemed = await consumeToken(ctx, token, "reset-password");
  if (!redeemed) return null;
  const now = new Date().toISOString();
  const [updated] = await ctx.db.batch([
    ctx.db
      .update(users)
      .set({
        ...(await passwordReplaced(newPassword)),
        updatedAt: now,
        // The address counts as proved only if the link went to the one the account still has.
        emailVerifiedAt: sql`CASE WHEN ${users.email} = ${redeemed.email}
          THEN coalesce(${users.emailVerifiedAt}, ${now}) ELSE ${users.emailVerifiedAt} END`,
      })
      .where(eq(users.id, redeemed.userId))
      .returning({ email: users.email }),
    revokeTokens(ctx, redeemed.userId, [...SUPERSEDED_BY_PASSWORD_CHANGE]),
  ]);
  const email = updated[0]?.email;
  return email ? { email } : null;
}

export type EmailChangeRequest = { ok: true; email: string } | { ok: false; reason: "taken" | "same" };

/**
 * Records the new address as pending; it replaces the old one only when the link mailed to it is
 * used. A new request revokes every earlier change link, so only the newest address can win.
 */
export async function requestEmailChange(
  ctx: AccountContext,
  userId: number,
  newEmail: string,
): Promise<EmailChangeRequest> {
  const email = newEmail.trim().toLowerCase();
  const owner = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (owner?.id === userId) return { ok: false, reason: "same" };
  if (owner) return { ok: false, reason: "taken" };
  await ctx.db.batch([
    revokeTokens(ctx, userId, ["change-email"]),
    ctx.db.update(users).set({ pendingEmail: email }).where(eq(users.id, userId)),
  ]);
  return { ok: true, email };
}

/** Withdraws a pending change: the address is forgotten and its link stops working. */
export async function cancelEmailChange(ctx: AccountContext, userId: number): Promise<void> {
  await ctx.db.batch([
    revokeTokens(ctx, userId, ["change-email"]),
    ctx.db.update(users).set({ pendingEmail: null }).where(eq(users.id, userId)),
  ]);
}

export type EmailLinkResult =
  | { outcome: "verified"; userId: number; firstTime: boolean }
  | { outcome: "changed"; userId: number; oldEmail: string; newEmail: string }
  | { outcome: "taken" | "invalid" };

/**
 * Uses a link from an email: confirming the account's address, or switching to a pending new one.
 * Each link is bound to the address it was mailed to, and acts only if that is still the address
 * in question: a verify link only while the account has that address, a change link only while
 * that address is the pending one and nobody has registered it. A change signs every device out.
 */
export async function redeemEmailLink(ctx: AccountContext, token: string): Promise<EmailLinkResult> {
  const { db } = ctx;
  const now = new Date().toISOString();
  const verifying = await consumeToken(ctx, token, "verify-email");
  if (verifying) {
    const [row] = await db
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now})` })
      .where(and(eq(users.id, verifying.userId), eq(users.email, verifying.email)))
      .returning({ firstTime: sql<boolean>`${users.emailVerifiedAt} = ${now}`.mapWith(Boolean) });
    if (!row) return { outcome: "invalid" };
    return { outcome: "verified", userId: verifying.userId, firstTime: row.firstTime };
  }
  const changing = await consumeToken(ctx, token, "change-email");
  if (!changing) return { outcome: "invalid" };
  const current = await db.select({ email: users.email }).from(users).where(eq(users.id, changing.userId)).get();
  if (!current) return { outcome: "invalid" };
  const before = current.email;
  const addressOwned = (email: string) => db.select({ id: users.id }).from(users).where(eq(users.email, email));
  try {
    const [changed] = await db.batch([
      db
        .update(users)
        .set({
          email: sql`${users.pendingEmail}`,
          pendingEmail: null,
          emailVerifiedAt: now,
          updatedAt: now,
          sessionEpoch: sql`${users.sessionEpoch} + 1`,
        })
        .where(
          and(
            eq(users.id, changing.userId),
            eq(users.email, before),
            eq(users.pendingEmail, changing.email),
            notExists(addressOwned(changing.email)),
          ),
        )
        .returning({ id: users.id }),
      revokeTokens(ctx, changing.userId, ["change-email", "reset-password", "verify-email"], {
        onlyIfPreviousChanged: true,
      }),
    ]);
    if (changed.length === 0) {
      const taken = await addressOwned(changing.email).get();
      return { outcome: taken ? "taken" : "invalid" };
    }
    return { outcome: "changed", userId: changing.userId, oldEmail: before, newEmail: changing.email };
  } catch (error) {
    // Someone registered the address between our check and the write: the unique index refuses it.
    if (String(error).includes("UNIQUE")) return { outcome: "taken" };
    throw error;
  }
}
