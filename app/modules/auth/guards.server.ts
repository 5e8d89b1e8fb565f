import { data, redirect } from "react-router";
import { REAUTHENTICATION_MINUTES } from "../../lib/constants";
import type { RequestContext } from "../platform/request-context.server";
import { type AccountProfile, getAccountProfile } from "./account.server";
import { getSessionUser, type SessionUser } from "./session.server";

type GuardContext = Pick<RequestContext, "db" | "kv" | "env" | "waitUntil" | "memo">;

/** The signed-in user, or a redirect to sign in that brings them back here afterwards. */
export async function requireUser(ctx: GuardContext, request: Request): Promise<SessionUser> {
  const user = await getSessionUser(ctx, request);
  if (user) return user;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** For the sign-in and sign-up pages: someone already signed in goes to the shop instead. */
export async function requireAnonymous(ctx: GuardContext, request: Request): Promise<void> {
  if (await getSessionUser(ctx, request)) throw redirect("/");
}

/** Who may open the admin area at all; users and roles are for ADMIN_ROLES only. */
export const STAFF_ROLES = ["staff", "admin"] as const;
export const ADMIN_ROLES = ["admin"] as const;

/** Checked on the server for every protected loader and action: the wrong role gets a 403. */
export async function requireRole(
  ctx: GuardContext,
  request: Request,
  roles: readonly SessionUser["role"][],
): Promise<SessionUser> {
  const user = await requireUser(ctx, request);
  if (!roles.includes(user.role)) throw data({ message: "You don't have access to this page." }, { status: 403 });
  return user;
}

/**
 * Where the shop is deployed, staff and admins must use two-step sign-in: a stolen password alone
 * must not open the admin. Local development and tests keep the demo accounts simple.
 */
export function staffTwoFactorRequired(env: Pick<GuardContext["env"], "APP_ENV">): boolean {
  return env.APP_ENV === "staging" || env.APP_ENV === "production";
}

/** Sends staff without two-step sign-in to set it up, where it is required, before any admin page. */
export function requireStaffSecondFactor(ctx: Pick<GuardContext, "env">, user: SessionUser): void {
  if (user.role !== "customer" && !user.twoFactor && staffTwoFactorRequired(ctx.env)) {
    throw redirect("/account/two-factor?required=1");
  }
}

/**
 * Whether this session must prove who it is again before an email or password change: accounts
 * with a password type it on the form; accounts without one (Google only) need a fresh Google
 * sign-in within the last few minutes.
 */
export function needsGoogleReauthentication(user: SessionUser, profile: { hasPassword: boolean }): boolean {
  if (profile.hasPassword) return false;
  return user.reauthenticatedAt === null || Date.now() - user.reauthenticatedAt > REAUTHENTICATION_MINUTES * 60_000;
}

/** The signed-in user's full profile, for the account pages. */
export async function requireAccountProfile(ctx: GuardContext, request: Request): Promise<AccountProfile> {
  const user = await requireUser(ctx, request);
  const profile = await getAccountProfile(ctx, user.id);
  if (!profile) throw redirect("/login");
  return profile;
}
