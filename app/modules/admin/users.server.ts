import type { RequestContext } from "../platform/request-context.server";

type UsersAdminContext = Pick<RequestContext, "db">;

export const USERS_PAGE_SIZE = 50;
export const ROLE_CHOICES = ["customer", "staff", "admin"] as const;
export type Role = (typeof ROLE_CHOICES)[number];

export type AdminUserRow = {
  id: number;
  email: string;
  name: string;
  role: Role;
  verified: boolean;
  disabled: boolean;
  twoFactor: boolean;
  createdAt: string;
};

/** Newest first; `query` matches part of an email or name. */
export async function listUsers(ctx: UsersAdminContext, query: string): Promise<AdminUserRow[]> {
  const like = `%${query
    .trim()
    .toLowerCase()
    .replace(/[%_\\]/g, "\\$&")}%`;
  const { results } = await ctx.db.$client
    .prepare(
      `SELECT id, email, name, role, email_verified_at IS NOT NULL AS verified, disabled_at IS NOT NULL AS disabled,
              totp_enabled_at IS NOT NULL AS twoFactor, created_at AS createdAt
       FROM users WHERE email LIKE ?1 ESCAPE '\\' OR lower(name) LIKE ?1 ESCAPE '\\'
       ORDER BY id DESC LIMIT ?2`,
    )
    .bind(like, USERS_PAGE_SIZE)
    .all<
      Omit<AdminUserRow, "verified" | "disabled" | "twoFactor"> & Record<"verified" | "disabled" | "twoFactor", number>
    >();
  return results.map((row) => ({
    ...row,
    verified: Boolean(row.verified),
    disabled: Boolean(row.disabled),
    twoFactor: Boolean(row.twoFactor),
  }));
}

export type UserChange = { ok: true } | { ok: false; message: string };

// An admin changing their own role or disabling themselves could leave the shop with no admin.
const notYourself = { ok: false, message: "You can't change your own role or disable yourself." } as const;

export async function changeRole(
  ctx: UsersAdminContext,
  actorId: number,
  userId: number,
  role: Role,
): Promise<UserChange> {
  if (actorId === userId) return notYourself;
  const result = await ctx.db.$client
    .prepare("UPDATE users SET role = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?")
    .bind(role, userId)
    .run();
  return result.meta.changes === 1 ? { ok: true } : { ok: false, message: "That user no longer exists." };
}

/** Disabling ends every session at once (the epoch moves on); enabling lets them sign in again. */
export async function setDisabled(
  ctx: UsersAdminContext,
  actorId: number,
  userId: number,
  disabled: boolean,
): Promise<UserChange> {
  if (actorId === userId) return notYourself;
  const result = await ctx.db.$client
    .prepare(
      disabled
        ? "UPDATE users SET disabled_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), session_epoch = session_epoch + 1 WHERE id = ?"
        : "UPDATE users SET disabled_at = NULL WHERE id = ?",
    )
    .bind(userId)
    .run();
  return result.meta.changes === 1 ? { ok: true } : { ok: false, message: "That user no longer exists." };
}
