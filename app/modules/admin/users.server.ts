import { desc, eq, or, sql } from "drizzle-orm";
import { users } from "../../../database/schema";
import { sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

type UsersAdminContext = Pick<RequestContext, "db">;

export const USERS_PAGE_SIZE = 50;
export const ROLE_CHOICES = ["customer", "staff", "admin"] as const;
export type Role = (typeof ROLE_CHOICES)[number];

/** Newest first; `query` matches part of an email or name. */
export async function listUsers(ctx: UsersAdminContext, query: string) {
  const like = `%${query
    .trim()
    .toLowerCase()
    .replace(/[%_\\]/g, "\\$&")}%`;
  const rows = await ctx.db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      verifiedAt: users.emailVerifiedAt,
      disabledAt: users.disabledAt,
      twoFactorAt: users.totpEnabledAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(or(sql`${users.email} LIKE ${like} ESCAPE '\\'`, sql`lower(${users.name}) LIKE ${like} ESCAPE '\\'`))
    .orderBy(desc(users.id))
    .limit(USERS_PAGE_SIZE);
  return rows.map(({ verifiedAt, disabledAt, twoFactorAt, ...row }) => ({
    ...row,
    verified: verifiedAt !== null,
    disabled: disabledAt !== null,
    twoFactor: twoFactorAt !== null,
  }));
}

export type AdminUserRow = Awaited<ReturnType<typeof listUsers>>[number];

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
  const changed = await ctx.db
    .update(users)
    .set({ role, updatedAt: sqlNow })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  return changed.length === 1 ? { ok: true } : { ok: false, message: "That user no longer exists." };
}

/** Disabling ends every session at once (the epoch moves on); enabling lets them sign in again. */
export async function setDisabled(
  ctx: UsersAdminContext,
  actorId: number,
  userId: number,
  disabled: boolean,
): Promise<UserChange> {
  if (actorId === userId) return notYourself;
  const changed = await ctx.db
    .update(users)
    .set(disabled ? { disabledAt: sqlNow, sessionEpoch: sql`${users.sessionEpoch} + 1` } : { disabledAt: null })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  return changed.length === 1 ? { ok: true } : { ok: false, message: "That user no longer exists." };
}
