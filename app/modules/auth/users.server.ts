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
