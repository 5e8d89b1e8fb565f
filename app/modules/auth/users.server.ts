import type { RequestContext } from "../platform/request-context.server";
import { hashPassword, needsRehash, verifyPassword } from "./password";

type UsersContext = Pick<RequestContext, "db">;

export type RegisterResult = { ok: true; userId: number } | { ok: false; reason: "email-taken" };

export async function registerUser(
  ctx: UsersContext,
  input: { email: string; name: string; password: string },
): Promise<RegisterResult> {
  const passwordHash = await hashPassword(input.password);
  const row = await ctx.db.$client
    .prepare(
      "INSERT INTO users (email, name, password_hash) VALUES (lower(?), ?, ?) ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(input.email.trim(), input.name.trim(), passwordHash)
    .first<{ id: number }>();
  return row ? { ok: true, userId: row.id } : { ok: false, reason: "email-taken" };
}

// Checked against when there is no such user, so "no account" and "wrong password" take as long.
let dummyHash: Promise<string> | undefined;

/** The user id for a correct email and password, or null; the same answer and time for both failures. */
export async function authenticateUser(ctx: UsersContext, email: string, password: string): Promise<number | null> {
  const row = await ctx.db.$client
    .prepare("SELECT id, password_hash, disabled_at FROM users WHERE email = lower(?)")
    .bind(email.trim())
    .first<{ id: number; password_hash: string | null; disabled_at: string | null }>();
  if (!row?.password_hash) {
    dummyHash ??= hashPassword("not a real password, only here for timing");
    await verifyPassword(password, await dummyHash);
    return null;
  }
  if (!(await verifyPassword(password, row.password_hash)) || row.disabled_at) return null;
  if (needsRehash(row.password_hash)) {
    await ctx.db.$client
      .prepare("UPDATE users SET password_hash = ? WHERE id = ?")
      .bind(await hashPassword(password), row.id)
      .run();
  }
  return row.id;
}

export type GoogleSignInResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "unverified-email" | "disabled" | "linked-elsewhere" };

/**
 * Finds or creates the account for a Google identity: by Google's subject first, then by a
 * verified email. Linking to an account whose email was never confirmed drops its password and
 * sessions: whoever registered that address first never proved it was theirs.
 */
export async function signInWithGoogle(
  ctx: UsersContext,
  profile: { subject: string; email: string; emailVerified: boolean; name: string },
): Promise<GoogleSignInResult> {
  const db = ctx.db.$client;
  const now = new Date().toISOString();
  // Two passes: if a concurrent sign-in creates the account between our reads, the second finds it.
  for (let attempt = 0; attempt < 2; attempt++) {
    const known = await db
      .prepare("SELECT id, disabled_at FROM users WHERE google_subject = ?")
      .bind(profile.subject)
      .first<{ id: number; disabled_at: string | null }>();
    if (known) return known.disabled_at ? { ok: false, reason: "disabled" } : { ok: true, userId: known.id };
    if (!profile.emailVerified) return { ok: false, reason: "unverified-email" };
    const linked = await db
      .prepare(
        `UPDATE users SET google_subject = ?1,
           password_hash = CASE WHEN email_verified_at IS NULL THEN NULL ELSE password_hash END,
           session_epoch = CASE WHEN email_verified_at IS NULL THEN session_epoch + 1 ELSE session_epoch END,
           email_verified_at = coalesce(email_verified_at, ?2), updated_at = ?2
         WHERE email = lower(?3) AND google_subject IS NULL
         RETURNING id, disabled_at`,
      )
      .bind(profile.subject, now, profile.email)
      .first<{ id: number; disabled_at: string | null }>();
    if (linked) return linked.disabled_at ? { ok: false, reason: "disabled" } : { ok: true, userId: linked.id };
    const created = await db
      .prepare(
        `INSERT INTO users (email, name, google_subject, email_verified_at) VALUES (lower(?), ?, ?, ?)
         ON CONFLICT DO NOTHING RETURNING id`,
      )
      .bind(profile.email, profile.name.slice(0, 100), profile.subject, now)
      .first<{ id: number }>();
    if (created) return { ok: true, userId: created.id };
  }
  return { ok: false, reason: "linked-elsewhere" };
}
