import { redirect } from "react-router";
import { safeRedirect } from "../lib/safe-redirect";
import {
  GOOGLE_NEXT_COOKIE,
  GOOGLE_REAUTH_PARAM,
  type GoogleReauth,
  googleAuthenticator,
  googleReauthCookie,
} from "../modules/auth/google.server";
import { requireUser } from "../modules/auth/guards.server";
import { readForm } from "../modules/forms/read-form.server";
import { isLocal } from "../modules/platform/env.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import type { Route } from "./+types/auth.google";

// Starting the round trip is a POST (origin-checked like every form), so prefetchers and link
// scanners never begin one.
export function loader() {
  return redirect("/login");
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  if (!ctx.env.googleSignIn) throw redirect("/login");
  // A copy: the authenticator reads the request itself.
  const form = await readForm(request.clone());
  const next = safeRedirect(form.get("redirectTo"), "/");
  // Re-authentication: a signed-in account without a password proves it is still them before a
  // change a password would guard (email, setting a password). Google is asked for a fresh sign-in.
  const reauth = form.get("intent") === "reauth" ? await requireUser(ctx, request) : null;
  const start = new URL(request.url);
  if (reauth) {
    start.searchParams.set(GOOGLE_REAUTH_PARAM, "1");
    start.searchParams.set("login_hint", reauth.email);
  }
  try {
    await googleAuthenticator(ctx.env, publicOrigin(ctx)).authenticate("google", new Request(start, request));
  } catch (thrown) {
    // The strategy answers the first leg with a redirect to Google carrying the state cookie.
    if (!(thrown instanceof Response)) throw thrown;
    const headers = new Headers(thrown.headers);
    if (reauth) {
      const started: GoogleReauth = { userId: reauth.id, startedAt: Date.now() };
      headers.append("Set-Cookie", await googleReauthCookie(ctx.env).serialize(started));
    }
    headers.append(
      "Set-Cookie",
      `${GOOGLE_NEXT_COOKIE}=${encodeURIComponent(next)}; Path=/auth/google; Max-Age=600; HttpOnly; SameSite=Lax${isLocal(ctx.env) ? "" : "; Secure"}`,
    );
    return new Response(null, { status: 303, headers });
  }
  throw new Error("Google sign-in did not redirect");
}
