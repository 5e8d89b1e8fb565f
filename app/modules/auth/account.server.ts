import type { RequestContext } from "../platform/request-context.server";
import { hashPassword, verifyPassword } from "./password";
import { consumeToken } from "./tokens.server";

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

/** Whether the password is this user's; true for an account without one (Google only). */
export async function confirmCurrentPassword(ctx: AccountContext, userId: number, password: string | undefined) {
  const row = await ctx.db.$client
    .prepare("SELECT password_hash FROM users WHERE id = ?")
    .bind(userId)
    .first<{ password_hash: string | null }>();
  if (!row?.password_hash) return true;
  return Boolean(password) && (await verifyPassword(password ?? "", row.password_hash));
}

/** Sets a new password and ends every session (the caller starts a fresh one for this browser). */
export async function changePassword(ctx: AccountContext, userId: number, newPassword: string): Promise<void> {
  await ctx.db.$client
    .prepare(
      `UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
    )
    .bind(await hashPassword(newPassword), userId)
    .run();
}

export type EmailChangeRequest = { ok: true } | { ok: false; reason: "taken" | "same" };

/** Records the new address as pending; it replaces the old one only when its link is used. */
export async function requestEmailChange(
  ctx: AccountContext,
  userId: number,
  newEmail: string,
): Promise<EmailChangeRequest> {
  const email = newEmail.trim().toLowerCase();
  const owner = await ctx.db.$client.prepare("SELECT id FROM users WHERE email = ?").bind(email).first<number>("id");
  if (owner === userId) return { ok: false, reason: "same" };
  if (owner !== null) return { ok: false, reason: "taken" };
  await ctx.db.$client.prepare("UPDATE users SET pending_email = ? WHERE id = ?").bind(email, userId).run();
  return { ok: true };
}

export type EmailLinkResult = "verified" | "changed" | "taken" | "invalid";

/**
 * Uses a link from an email: confirming a new account's address, or switching to a pending new
 * one. The switch is one conditional UPDATE; if someone took the address meanwhile, the unique
 * index refuses it and nothing changes.
 */
export async function redeemEmailLink(ctx: AccountContext, token: string): Promise<EmailLinkResult> {
  const now = new Date().toISOString();
  const verifying = await consumeToken(ctx, token, "verify-email");
  if (verifying) {
    await ctx.db.$client
      .prepare("UPDATE users SET email_verified_at = coalesce(email_verified_at, ?) WHERE id = ?")
      .bind(now, verifying)
      .run();
    return "verified";
  }
  const changing = await consumeToken(ctx, token, "change-email");
  if (!changing) return "invalid";
  try {
    const row = await ctx.db.$client
      .prepare(
        `UPDATE users SET email = pending_email, pending_email = NULL, email_verified_at = ?1, updated_at = ?1
         WHERE id = ?2 AND pending_email IS NOT NULL RETURNING id`,
      )
      .bind(now, changing)
      .first();
    return row ? "changed" : "invalid";
  } catch (error) {
    if (String(error).includes("UNIQUE")) return "taken";
    throw error;
  }
}
