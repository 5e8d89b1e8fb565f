import { redirect } from "react-router";
import { SIGN_IN_ERRORS, type SignInError } from "../components/google-sign-in";
import { safeRedirect } from "../lib/safe-redirect";
import { googleSubjectOf } from "../modules/auth/account.server";
import {
  clearGoogleCookies,
  GOOGLE_NEXT_COOKIE,
  type GoogleProfile,
  type GoogleReauth,
  googleAuthenticator,
  readGoogleReauth,
  reauthenticates,
} from "../modules/auth/google.server";
import { getSessionUser, markSessionReauthenticated } from "../modules/auth/session.server";
import { completeSignIn } from "../modules/auth/sign-in.server";
import { signInWithGoogle } from "../modules/auth/users.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import type { Route } from "./+types/auth.google.callback";

const FAILURES = {
  "unverified-email": "google-unverified",
  disabled: "account-disabled",
  "linked-elsewhere": "google-linked-elsewhere",
} as const;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  if (!ctx.env.googleSignIn) throw redirect("/login");
  const clear = clearGoogleCookies(ctx.env, request);
  const failed = (error: SignInError) => {
    const headers = new Headers();
    for (const cookie of clear) headers.append("Set-Cookie", cookie);
    return redirectWithNotice(ctx, "/login", { kind: "error", message: SIGN_IN_ERRORS[error] }, headers);
  };

  let profile: Awaited<ReturnType<ReturnType<typeof googleAuthenticator>["authenticate"]>>;
  try {
    // Checks the state against the cookie, swaps the code (with the PKCE verifier) for tokens and
    // reads the profile; anything off (forged state, denied consent, expired code) throws.
    profile = await googleAuthenticator(ctx.env, publicOrigin(ctx)).authenticate("google", request);
  } catch (error) {
    if (error instanceof Response) throw error;
    ctx.logger.warn("google sign-in failed", { error: error instanceof Error ? error.message : String(error) });
    return failed("google-failed");
  }
  const reauth = await readGoogleReauth(ctx.env, request);
  if (reauth) return finishReauthentication(ctx, request, reauth, profile, clear);
  const result = await signInWithGoogle(ctx, profile);
  if (!result.ok) return failed(FAILURES[result.reason]);
  return completeSignIn(ctx, request, result.userId, readNextCookie(request) ?? "/account", clear);
}

/**
 * The end of a re-authentication: the signed-in account that asked, the same Google identity, and
 * a sign-in at Google after the request started. Then the session counts as freshly proved.
 */
async function finishReauthentication(
  ctx: ReturnType<typeof getRequestContext>,
  request: Request,
  reauth: GoogleReauth,
  profile: GoogleProfile,
  clear: string[],
) {
  const headers = new Headers();
  for (const cookie of clear) headers.append("Set-Cookie", cookie);
  const next = safeRedirect(readNextCookie(request), "/account");
  const user = await getSessionUser(ctx, request);
  const subject = user ? await googleSubjectOf(ctx, user.id) : null;
  if (!user || !reauthenticates(reauth, profile, { id: user.id, googleSubject: subject })) {
    ctx.logger.warn("google re-authentication refused", { userId: user?.id ?? null });
    const back = new URL(next, ctx.url.origin);
    back.searchParams.set("reauth", "failed");
    return redirect(`${back.pathname}${back.search}`, { status: 303, headers });
  }
  await markSessionReauthenticated(ctx, request);
  return redirect(next, { status: 303, headers });
}

/** Where the user was going when they left for Google; completeSignIn checks it is ours. */
function readNextCookie(request: Request): string | null {
  const raw = new RegExp(`(?:^|;\\s*)${GOOGLE_NEXT_COOKIE}=([^;]*)`).exec(request.headers.get("Cookie") ?? "")?.[1];
  if (!raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
