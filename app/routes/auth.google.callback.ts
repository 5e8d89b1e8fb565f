import { redirect } from "react-router";
import { clearGoogleCookies, GOOGLE_NEXT_COOKIE, googleAuthenticator } from "../modules/auth/google.server";
import { completeSignIn } from "../modules/auth/sign-in.server";
import { signInWithGoogle } from "../modules/auth/users.server";
import { getRequestContext } from "../modules/platform/request-context.server";
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
  const failed = (error: string) => {
    const headers = new Headers();
    for (const cookie of clear) headers.append("Set-Cookie", cookie);
    return redirect(`/login?error=${error}`, { status: 303, headers });
  };

  let profile: Awaited<ReturnType<ReturnType<typeof googleAuthenticator>["authenticate"]>>;
  try {
    // Checks the state against the cookie, swaps the code (with the PKCE verifier) for tokens and
    // reads the profile; anything off (forged state, denied consent, expired code) throws.
    profile = await googleAuthenticator(ctx.env, ctx.url.origin).authenticate("google", request);
  } catch (error) {
    if (error instanceof Response) throw error;
    ctx.logger.warn("google sign-in failed", { error: error instanceof Error ? error.message : String(error) });
    return failed("google-failed");
  }
  const result = await signInWithGoogle(ctx, profile);
  if (!result.ok) return failed(FAILURES[result.reason]);
  return completeSignIn(ctx, request, result.userId, readNextCookie(request) ?? "/account", clear);
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
