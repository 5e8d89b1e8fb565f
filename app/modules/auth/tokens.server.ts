import type { RequestContext } from "../platform/request-context.server";

type TokenContext = Pick<RequestContext, "db">;
export type TokenPurpose = "verify-email" | "reset-password" | "change-email";

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A fresh 256-bit token; the database keeps only its hash, so a leaked table opens nothing. */
export async function issueToken(
  ctx: TokenContext,
  userId: number,
  purpose: TokenPurpose,
  ttlMs: number,
): Promise<string> {
  const token = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
  await ctx.db.$client
    .prepare("INSERT INTO auth_tokens (user_id, purpose, token_hash, expires_at) VALUES (?, ?, ?, ?)")
    .bind(userId, purpose, await sha256Hex(token), new Date(Date.now() + ttlMs).toISOString())
    .run();
  return token;
}

/**
 * Uses a token: one conditional UPDATE, so it works exactly once even if two requests race, and
 * never after it expires. Returns the user it belongs to, or null.
 */
export async function consumeToken(ctx: TokenContext, token: string, purpose: TokenPurpose): Promise<number | null> {
  if (!/^[0-9a-f]{64}$/.test(token)) return null;
  const now = new Date().toISOString();
  const row = await ctx.db.$client
    .prepare(
      `UPDATE auth_tokens SET used_at = ? WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?
       RETURNING user_id`,
    )
    .bind(now, await sha256Hex(token), purpose, now)
    .first<{ user_id: number }>();
  return row?.user_id ?? null;
}

/** Whether a token is still usable, without using it (to show the right page). */
export async function tokenIsValid(ctx: TokenContext, token: string, purpose: TokenPurpose): Promise<boolean> {
  if (!/^[0-9a-f]{64}$/.test(token)) return false;
  const row = await ctx.db.$client
    .prepare(
      "SELECT 1 AS ok FROM auth_tokens WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
    )
    .bind(await sha256Hex(token), purpose, new Date().toISOString())
    .first();
  return row !== null;
}
