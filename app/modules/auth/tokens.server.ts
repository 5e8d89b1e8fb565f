import { and, eq, gt, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { authTokens, users } from "../../../database/schema";
import { insertWhere, sqlLower } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

type TokenContext = Pick<RequestContext, "db">;
export type TokenPurpose = "verify-email" | "reset-password" | "change-email";

/** What a used token proves: who it was for, and the exact address the link was mailed to. */
export type RedeemedToken = { userId: number; email: string };

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const TOKEN_PATTERN = /^[0-9a-f]{64}$/;

/** This token, for this purpose, not used, not expired, and bound to an address (decision 009). */
const usable = (tokenHash: string, purpose: TokenPurpose, now: string) =>
  and(
    eq(authTokens.tokenHash, tokenHash),
    eq(authTokens.purpose, purpose),
    isNull(authTokens.usedAt),
    gt(authTokens.expiresAt, now),
    isNotNull(authTokens.email),
  );

/**
 * A fresh 256-bit token bound to a user, a purpose and the address it is about to be mailed to;
 * the database keeps only its hash, so a leaked table opens nothing. Opening the link proves
 * control of that address and nothing more, so whoever redeems it checks the address is still
 * the one in question (docs/decisions/009-security-rules.md).
 */
export async function issueToken(
  ctx: TokenContext,
  token: { userId: number; purpose: TokenPurpose; email: string; ttlMs: number },
): Promise<string> {
  const value = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
  await ctx.db.insert(authTokens).values({
    userId: token.userId,
    purpose: token.purpose,
    email: sqlLower(token.email),
    tokenHash: await sha256Hex(value),
    expiresAt: new Date(Date.now() + token.ttlMs).toISOString(),
  });
  return value;
}

/**
 * A token for whichever active account has this address, as an unexecuted query that inserts
 * nothing when there is none: callers batch it so the work (and the queries) are the same either
 * way, and nothing is learnt about who has an account.
 */
export async function prepareTokenForAddress(
  ctx: TokenContext,
  token: { purpose: TokenPurpose; email: string; ttlMs: number },
) {
  const value = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
  const query = insertWhere(
    ctx.db,
    authTokens,
    {
      userId: users.id,
      purpose: token.purpose,
      email: users.email,
      tokenHash: await sha256Hex(value),
      expiresAt: new Date(Date.now() + token.ttlMs).toISOString(),
    },
    { from: sql`${users}`, where: and(eq(users.email, sqlLower(token.email)), isNull(users.disabledAt)) as SQL },
  );
  return { value, query };
}

/**
 * Uses a token: one conditional UPDATE, so it works exactly once even if two requests race, and
 * never after it expires or is revoked. Returns whom and which address it was for, or null.
 */
export async function consumeToken(
  ctx: TokenContext,
  token: string,
  purpose: TokenPurpose,
): Promise<RedeemedToken | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const now = new Date().toISOString();
  const [row] = await ctx.db
    .update(authTokens)
    .set({ usedAt: now, updatedAt: now })
    .where(usable(await sha256Hex(token), purpose, now))
    .returning({ userId: authTokens.userId, email: authTokens.email });
  return row?.email ? { userId: row.userId, email: row.email } : null;
}

/** Whether a token is still usable, without using it (to show the right page). */
export async function tokenIsValid(ctx: TokenContext, token: string, purpose: TokenPurpose): Promise<boolean> {
  if (!TOKEN_PATTERN.test(token)) return false;
  const [row] = await ctx.db
    .select({ id: authTokens.id })
    .from(authTokens)
    .where(usable(await sha256Hex(token), purpose, new Date().toISOString()));
  return row !== undefined;
}

/**
 * The query that retires every outstanding token of these purposes for a user (a newer request, a
 * password change or reset): returned unexecuted so callers can batch it with the change that
 * makes the old links meaningless.
 */
export function revokeTokens(
  ctx: TokenContext,
  userId: number,
  purposes: TokenPurpose[],
  options: { onlyIfPreviousChanged?: boolean } = {},
) {
  const now = new Date().toISOString();
  return ctx.db
    .update(authTokens)
    .set({ usedAt: now, updatedAt: now })
    .where(
      and(
        eq(authTokens.userId, userId),
        isNull(authTokens.usedAt),
        inArray(authTokens.purpose, purposes),
        // In a batch, changes() is the row count of the statement before this one.
        options.onlyIfPreviousChanged ? sql`changes() > 0` : undefined,
      ),
    );
}
