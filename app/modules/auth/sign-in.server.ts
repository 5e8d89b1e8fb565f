import { createCookie, redirect } from "react-router";
import { TWO_FACTOR_SIGN_IN_MINUTES } from "../../lib/constants";
import { safeRedirect } from "../../lib/safe-redirect";
import { type AppEnv, isLocal } from "../platform/env.server";
import type { RequestContext } from "../platform/request-context.server";
import { startSession } from "./session.server";
import { twoFactorEnabled } from "./two-factor.server";

type SignInContext = Pick<RequestContext, "db" | "kv" | "env">;

type PendingSignIn = { userId: number; redirectTo: string };

/** Holds a half-finished sign-in (password done, code not yet) for a few minutes. */
function pendingCookie(env: AppEnv) {
  return createCookie("bob_2fa", {
    httpOnly: true,
    secure: !isLocal(env),
    sameSite: "lax",
    // "/login", not "/login/two-factor": client navigations fetch "/login/two-factor.data".
    path: "/login",
    maxAge: TWO_FACTOR_SIGN_IN_MINUTES * 60,
    secrets: [env.COOKIE_SECRET],
  });
}

const pendingKey = (env: AppEnv, id: string) => `${env.CACHE_NAMESPACE}:2fa-signin:${id}`;

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
  return redirect(pending.redirectTo, { status: 303, headers });
}
