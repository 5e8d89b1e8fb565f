import { eq, sql } from "drizzle-orm";
import { redirect } from "react-router";
import { auditLog, users } from "../../../database/schema";
import { KNOWN_DEVICE_DAYS, TWO_FACTOR_SIGN_IN_MINUTES } from "../../lib/constants";
import { safeRedirect } from "../../lib/safe-redirect";
import { signedCookie } from "../platform/cookies.server";
import { insertWhere } from "../platform/db.server";
import type { AppEnv } from "../platform/env.server";
import type { RequestContext } from "../platform/request-context.server";
import { startSession } from "./session.server";
import { twoFactorEnabled } from "./two-factor.server";

type SignInContext = Pick<RequestContext, "db" | "kv" | "env">;

type PendingSignIn = { userId: number; redirectTo: string };

/** Holds a half-finished sign-in (password done, code not yet) for a few minutes. */
function pendingCookie(env: AppEnv) {
  return signedCookie(env, "bob_2fa", {
    // "/login", not "/login/two-factor": client navigations fetch "/login/two-factor.data".
    path: "/login",
    maxAge: TWO_FACTOR_SIGN_IN_MINUTES * 60,
  });
}

const pendingKey = (env: AppEnv, id: string) => `${env.CACHE_NAMESPACE}:2fa-signin:${id}`;

/**
 * Marks a browser that has completed a sign-in (both factors) to an account. Its password attempts
 * for that account count against an allowance of their own, so strangers' failures cannot lock the
 * owner out of their usual browser (docs/decisions/009-security-rules.md). Signed, so it cannot be
 * made up; bound to the account's address, so it vouches for nothing else.
 */
function deviceCookie(env: AppEnv) {
  return signedCookie(env, "bob_device", {
    // "/", not "/login": with JavaScript the form posts to "/login.data", which "/login" does not cover.
    maxAge: KNOWN_DEVICE_DAYS * 24 * 60 * 60,
  });
}

type KnownDevice = { email: string; device: string };

/** The device id this browser holds for the account with this address, or null. */
export async function knownDeviceFor(ctx: SignInContext, request: Request, email: string): Promise<string | null> {
  const value: unknown = await deviceCookie(ctx.env).parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object") return null;
  const known = value as Partial<KnownDevice>;
  if (known.email !== email.toLowerCase() || typeof known.device !== "string") return null;
  return /^[0-9a-f]{32}$/.test(known.device) ? known.device : null;
}

async function rememberDevice(ctx: SignInContext, request: Request, userId: number): Promise<string | null> {
  const row = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, userId)).get();
  if (!row) return null;
  const { email } = row;
  const device =
    (await knownDeviceFor(ctx, request, email)) ??
    [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
  return deviceCookie(ctx.env).serialize({ email, device } satisfies KnownDevice);
}

/**
 * Writes the start of a run of refused sign-ins to the account's audit log (once per window, when
 * its counter first refuses), for the owner and the alerting to see.
 */
export async function recordSignInLockout(ctx: SignInContext, email: string, ip: string): Promise<void> {
  await insertWhere(
    ctx.db,
    auditLog,
    { entity: "user", entityId: users.id, action: "sign-in-locked", after: sql`json_object('ip', ${ip})` },
    { from: sql`${users}`, where: eq(users.email, email.toLowerCase()) },
  );
}

/**
 * The last step of every sign-in (password or Google), once the first factor is proven: a fresh
 * session and the way back to where the user was going; or, for an account with two-step
 * sign-in, a short-lived pending sign-in that /login/two-factor completes.
 */
export async function completeSignIn(
  ctx: SignInContext,
  request: Request,
  userId: number,
  redirectTo: string | null | undefined,
  extraCookies: string[] = [],
): Promise<Response> {
  const headers = new Headers();
  for (const cookie of extraCookies) headers.append("Set-Cookie", cookie);
  const next = safeRedirect(redirectTo, "/");
  if (await twoFactorEnabled(ctx, userId)) {
    const id = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
    const pending: PendingSignIn = { userId, redirectTo: next };
    await ctx.kv.put(pendingKey(ctx.env, id), JSON.stringify(pending), {
      expirationTtl: TWO_FACTOR_SIGN_IN_MINUTES * 60,
    });
    headers.append("Set-Cookie", await pendingCookie(ctx.env).serialize(id));
    return redirect("/login/two-factor", { status: 303, headers });
  }
  headers.append("Set-Cookie", await startSession(ctx, request, userId));
  const device = await rememberDevice(ctx, request, userId);
  if (device) headers.append("Set-Cookie", device);
  return redirect(next, { status: 303, headers });
}

/** The sign-in waiting for its second factor, if this browser has one that has not expired. */
export async function pendingSignIn(
  ctx: SignInContext,
  request: Request,
): Promise<(PendingSignIn & { id: string }) | null> {
  const id = await pendingCookie(ctx.env).parse(request.headers.get("Cookie"));
  if (typeof id !== "string" || !/^[0-9a-f]{64}$/.test(id)) return null;
  const pending = await ctx.kv.get<PendingSignIn>(pendingKey(ctx.env, id), "json");
  return pending ? { ...pending, id } : null;
}

/** Second factor accepted: the pending sign-in is used up and becomes a session. */
export async function finishPendingSignIn(
  ctx: SignInContext,
  request: Request,
  pending: PendingSignIn & { id: string },
): Promise<Response> {
  await ctx.kv.delete(pendingKey(ctx.env, pending.id));
  const headers = new Headers();
  headers.append("Set-Cookie", await pendingCookie(ctx.env).serialize("", { maxAge: 0 }));
  headers.append("Set-Cookie", await startSession(ctx, request, pending.userId));
  const device = await rememberDevice(ctx, request, pending.userId);
  if (device) headers.append("Set-Cookie", device);
  return redirect(pending.redirectTo, { status: 303, headers });
}
