import type { RequestContext } from "../platform/request-context.server";
import { hashPassword, verifyPassword } from "./password";
import { consumeToken, revokeTokensStatement } from "./tokens.server";

type AccountContext = Pick<RequestContext, "db">;

export type AccountProfile = {
  id: number;
  email: string;
  name: string;
  role: "customer" | "staff" | "admin";
  verified: boolean;
  pendingEmail: string | null;
  hasPassword: boolean;
  hasGoogle: boolean;
  twoFactor: boolean;
  phone: string;
  address: string;
  postcode: string;
};

export async function getAccountProfile(ctx: AccountContext, userId: number): Promise<AccountProfile | null> {
  const row = await ctx.db.$client
    .prepare(
      `SELECT id, email, name, role, email_verified_at, pending_email, password_hash, google_subject,
              totp_enabled_at, phone, delivery_address, delivery_postcode
       FROM users WHERE id = ?`,
    )
    .bind(userId)
    .first<{
      id: number;
      email: string;
      name: string;
      role: AccountProfile["role"];
      email_verified_at: string | null;
      pending_email: string | null;
      password_hash: string | null;
      google_subject: string | null;
      totp_enabled_at: string | null;
      phone: string;
      delivery_address: string;
      delivery_postcode: string;
    }>();
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    verified: row.email_verified_at !== null,
    pendingEmail: row.pending_email,
    hasPassword: row.password_hash !== null,
    hasGoogle: row.google_subject !== null,
    twoFactor: row.totp_enabled_at !== null,
    phone: row.phone,
    address: row.delivery_address,
    postcode: row.delivery_postcode,
  };
}

export async function updateAccountDetails(
  ctx: AccountContext,
  userId: number,
  details: { name: string; phone: string; address: string; postcode: string },
): Promise<void> {
  await ctx.db.$client
    .prepare(
      `UPDATE users SET name = ?, phone = ?, delivery_address = ?, delivery_postcode = upper(?),
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
    )
    .bind(details.name, details.phone, details.address, details.postcode, userId)
    .run();
}

/** The Google identity linked to an account, if any. */
export async function googleSubjectOf(ctx: AccountContext, userId: number): Promise<string | null> {
  return ctx.db.$client
    .prepare("SELECT google_subject FROM users WHERE id = ?")
    .bind(userId)
    .first<string>("google_subject");
}

/** Whether the password is this user's; true for an account without one (Google only). */
export async function confirmCurrentPassword(ctx: AccountContext, userId: number, password: string | undefined) {
  const row = await ctx.db.$client
    .prepare("SELECT password_hash FROM users WHERE id = ?")
    .bind(userId)
    .first<{ password_hash: string | null }>();
  if (!row?.password_hash) return true;
  return Boolean(password) && (await verifyPassword(password ?? "", row.password_hash));
}

/** Every link that could take the account over once its password is no longer the one it was. */
const SUPERSEDED_BY_PASSWORD_CHANGE = ["reset-password", "change-email"] as const;

/**
 * Sets a new password and ends every session (the caller starts a fresh one for this browser).
 * Outstanding reset and change-email links die with the old password, and so does a pending
 * change: whoever had the old password may have asked for it.
 */
export async function changePassword(ctx: AccountContext, userId: number, newPassword: string): Promise<void> {
  const db = ctx.db.$client;
  await db.batch([
    db
      .prepare(
        `UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1, pending_email = NULL,
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
      )
      .bind(await hashPassword(newPassword), userId),
    revokeTokensStatement(ctx, userId, [...SUPERSEDED_BY_PASSWORD_CHANGE]),
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
  const db = ctx.db.$client;
  const now = new Date().toISOString();
  const [updated] = await db.batch<{ email: string }>([
    db
      .prepare(
        `UPDATE users SET password_hash = ?1, session_epoch = session_epoch + 1, pending_email = NULL, updated_at = ?2,
           email_verified_at = CASE WHEN email = ?3 THEN coalesce(email_verified_at, ?2) ELSE email_verified_at END
         WHERE id = ?4 RETURNING email`,
      )
      .bind(await hashPassword(newPassword), now, redeemed.email, redeemed.userId),
    revokeTokensStatement(ctx, redeemed.userId, [...SUPERSEDED_BY_PASSWORD_CHANGE]),
  ]);
  const email = updated?.results[0]?.email;
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
  const db = ctx.db.$client;
  const owner = await db.prepare("SELECT id FROM users WHERE email = ?").bind(email).first<number>("id");
  if (owner === userId) return { ok: false, reason: "same" };
  if (owner !== null) return { ok: false, reason: "taken" };
  await db.batch([
    revokeTokensStatement(ctx, userId, ["change-email"]),
    db.prepare("UPDATE users SET pending_email = ? WHERE id = ?").bind(email, userId),
  ]);
  return { ok: true, email };
}

/** Withdraws a pending change: the address is forgotten and its link stops working. */
export async function cancelEmailChange(ctx: AccountContext, userId: number): Promise<void> {
  const db = ctx.db.$client;
  await db.batch([
    revokeTokensStatement(ctx, userId, ["change-email"]),
    db.prepare("UPDATE users SET pending_email = NULL WHERE id = ?").bind(userId),
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
  const db = ctx.db.$client;
  const now = new Date().toISOString();
  const verifying = await consumeToken(ctx, token, "verify-email");
  if (verifying) {
    const row = await db
      .prepare(
        `UPDATE users SET email_verified_at = coalesce(email_verified_at, ?1) WHERE id = ?2 AND email = ?3
         RETURNING email_verified_at = ?1 AS first_time`,
      )
      .bind(now, verifying.userId, verifying.email)
      .first<{ first_time: number }>();
    if (!row) return { outcome: "invalid" };
    return { outcome: "verified", userId: verifying.userId, firstTime: row.first_time === 1 };
  }
  const changing = await consumeToken(ctx, token, "change-email");
  if (!changing) return { outcome: "invalid" };
  const before = await db.prepare("SELECT email FROM users WHERE id = ?").bind(changing.userId).first<string>("email");
  if (before === null) return { outcome: "invalid" };
  try {
    const [changed] = await db.batch([
      db
        .prepare(
          `UPDATE users SET email = pending_email, pending_email = NULL, email_verified_at = ?1, updated_at = ?1,
             session_epoch = session_epoch + 1
           WHERE id = ?2 AND email = ?3 AND pending_email = ?4
             AND NOT EXISTS (SELECT 1 FROM users AS other WHERE other.email = ?4)
           RETURNING id`,
        )
        .bind(now, changing.userId, before, changing.email),
      revokeTokensStatement(ctx, changing.userId, ["change-email", "reset-password", "verify-email"], {
        onlyIfPreviousChanged: true,
      }),
    ]);
    if (!changed?.results.length) {
      const taken = await db.prepare("SELECT 1 AS taken FROM users WHERE email = ?").bind(changing.email).first();
      return { outcome: taken ? "taken" : "invalid" };
    }
    return { outcome: "changed", userId: changing.userId, oldEmail: before, newEmail: changing.email };
  } catch (error) {
    // Someone registered the address between our check and the write: the unique index refuses it.
    if (String(error).includes("UNIQUE")) return { outcome: "taken" };
    throw error;
  }
}
