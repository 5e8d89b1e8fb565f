import { and, eq, isNull, sql } from "drizzle-orm";
import { users } from "../../../database/schema";
import { sqlLower } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { hashPassword, needsRehash, verifyPassword } from "./password";

type UsersContext = Pick<RequestContext, "db">;

export type RegisterResult = { ok: true; userId: number } | { ok: false; reason: "email-taken" };

export async function registerUser(
  ctx: UsersContext,
  input: { email: string; name: string; password: string },
): Promise<RegisterResult> {
  const passwordHash = await hashPassword(input.password);
  const [row] = await ctx.db
    .insert(users)
    .values({ email: sqlLower(input.email.trim()), name: input.name.trim(), passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  return row ? { ok: true, userId: row.id } : { ok: false, reason: "email-taken" };
}

// Checked against when there is no such user, so "no account" and "wrong password" take as long.
let dummyHash: Promise<string> | undefined;

/** The user id for a correct email and password, or null; the same answer and time for both failures. */
export async function authenticateUser(ctx: UsersContext, email: string, password: string): Promise<number | null> {
  const [row] = await ctx.db
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, sqlLower(email.trim())));
  if (!row?.passwordHash) {
    dummyHash ??= hashPassword("not a real password, only here for timing");
    await verifyPassword(password, await dummyHash);
    return null;
  }
  if (!(await verifyPassword(password, row.passwordHash)) || row.disabledAt) return null;
  if (needsRehash(row.passwordHash)) {
    await ctx.db
      .update(users)
      .set({ passwordHash: await hashPassword(password) })
      .where(eq(users.id, row.id));
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
  const db = ctx.db;
  const now = new Date().toISOString();
  // Two passes: if a concurrent sign-in creates the account between our reads, the second finds it.
  for (let attempt = 0; attempt < 2; attempt++) {
    const [known] = await db
      .select({ id: users.id, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.googleSubject, profile.subject));
    if (known) return known.disabledAt ? { ok: false, reason: "disabled" } : { ok: true, userId: known.id };
    if (!profile.emailVerified) return { ok: false, reason: "unverified-email" };
    const unproved = sql`${users.emailVerifiedAt} IS NULL`;
    const [linked] = await db
      .update(users)
      .set({
        googleSubject: profile.subject,
        passwordHash: sql`CASE WHEN ${unproved} THEN NULL ELSE ${users.passwordHash} END`,
        sessionEpoch: sql`CASE WHEN ${unproved} THEN ${users.sessionEpoch} + 1 ELSE ${users.sessionEpoch} END`,
        emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now})`,
        updatedAt: now,
      })
      .where(and(eq(users.email, sqlLower(profile.email)), isNull(users.googleSubject)))
      .returning({ id: users.id, disabledAt: users.disabledAt });
    if (linked) return linked.disabledAt ? { ok: false, reason: "disabled" } : { ok: true, userId: linked.id };
    const [created] = await db
      .insert(users)
      .values({
        email: sqlLower(profile.email),
        name: profile.name.slice(0, 100),
        googleSubject: profile.subject,
        emailVerifiedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (created) return { ok: true, userId: created.id };
  }
  return { ok: false, reason: "linked-elsewhere" };
}
