import { Authenticator } from "remix-auth";
import { OAuth2Strategy } from "remix-auth-oauth2";
import { z } from "zod";
import { signedCookie } from "../platform/cookies.server";
import { type AppEnv, isLocal } from "../platform/env.server";

export type GoogleProfile = {
  subject: string;
  email: string;
  emailVerified: boolean;
  name: string;
  /** When Google last had the person prove who they are (the ID token's auth_time), in ms. */
  authenticatedAt: number | null;
};

/** The query flag on /auth/google that asks Google for a fresh sign-in (re-authentication). */
export const GOOGLE_REAUTH_PARAM = "reauth";

// What we read from the OpenID Connect userinfo endpoint; Google sends email_verified as a boolean.
const UserinfoSchema = z.object({
  sub: z.string().min(1),
  email: z.email(),
  email_verified: z.union([z.boolean(), z.enum(["true", "false"])]).optional(),
  name: z.string().optional(),
});

/**
 * remix-auth's OAuth2 strategy (state and PKCE kept in a short-lived HttpOnly cookie and checked on
 * the way back) pointed at Google's endpoints, or at whatever the environment names instead.
 */
class GoogleStrategy extends OAuth2Strategy<GoogleProfile> {
  override name = "google";

  // Lets a caller pre-select the Google account (Google's documented login_hint parameter).
  protected override authorizationParams(params: URLSearchParams, request: Request): URLSearchParams {
    const asked = new URL(request.url).searchParams;
    const hint = asked.get("login_hint");
    if (hint) params.set("login_hint", hint);
    params.set("prompt", "select_account");
    // OpenID Connect's way to ask for the password again (the same as prompt=login, which Google
    // does not accept); the callback checks auth_time, since a parameter in a URL can be dropped.
    if (asked.get(GOOGLE_REAUTH_PARAM) === "1") params.set("max_age", "0");
    return params;
  }
}

/**
 * auth_time from the ID token, read without checking its signature: it came straight from the token
 * endpoint over TLS, which OpenID Connect Core §3.1.3.7 accepts in place of the signature.
 */
function authTimeOf(tokens: { idToken(): string }): number | null {
  try {
    const payload = JSON.parse(atob((tokens.idToken().split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/")));
    return typeof payload.auth_time === "number" ? payload.auth_time * 1000 : null;
  } catch {
    return null;
  }
}

async function fetchProfile(env: AppEnv, accessToken: string, authenticatedAt: number | null): Promise<GoogleProfile> {
  const response = await fetch(env.GOOGLE_USERINFO_URL, { headers: { Authorization: `Bearer ${accessToken}` } });
  if (!response.ok) throw new Error(`Google userinfo answered ${response.status}`);
  const info = UserinfoSchema.parse(await response.json());
  return {
    subject: info.sub,
    email: info.email.toLowerCase(),
    emailVerified: info.email_verified === true || info.email_verified === "true",
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a name from elsewhere obeys our text rules too.
    name: info.name?.replace(/[\u0000-\u001f\u007f]/g, "").trim() || info.email.split("@")[0] || "Google user",
    authenticatedAt,
  };
}

export const GOOGLE_STATE_COOKIE = "bob_oauth";

/** The authenticator for Google sign-in; only call when `env.googleSignIn` is true. */
export function googleAuthenticator(env: AppEnv, origin: string): Authenticator<GoogleProfile> {
  if (!env.GOOGLE_CLIENT_ID || !env.GOOGLE_CLIENT_SECRET) throw new Error("Google sign-in is not configured");
  const strategy = new GoogleStrategy(
    {
      cookie: {
        name: GOOGLE_STATE_COOKIE,
        httpOnly: true,
        ...(isLocal(env) ? {} : { secure: true as const }),
        sameSite: "Lax",
        path: "/auth/google",
        maxAge: 600,
      },
      clientId: env.GOOGLE_CLIENT_ID,
      clientSecret: env.GOOGLE_CLIENT_SECRET,
      authorizationEndpoint: env.GOOGLE_AUTHORIZATION_URL,
      tokenEndpoint: env.GOOGLE_TOKEN_URL,
      redirectURI: `${origin}/auth/google/callback`,
      scopes: ["openid", "email", "profile"],
    },
    ({ tokens }) => fetchProfile(env, tokens.accessToken(), authTimeOf(tokens)),
  );
  return new Authenticator<GoogleProfile>().use(strategy, "google");
}

export const GOOGLE_NEXT_COOKIE = "bob_oauth_next";

/**
 * Clears the round trip's cookies once it is over, whatever its outcome: the strategy's state
 * cookies (one per attempt, named `bob_oauth:<id>`, so two tabs don't clash) and where to go next.
 */
export function clearGoogleCookies(env: AppEnv, request: Request): string[] {
  const names = (request.headers.get("Cookie") ?? "")
    .split(/;\s*/)
    .map((pair) => pair.split("=")[0] ?? "")
    .filter(
      (name) =>
        name.startsWith(`${GOOGLE_STATE_COOKIE}:`) || name === GOOGLE_NEXT_COOKIE || name === "bob_oauth_reauth",
    );
  return names.map(
    (name) => `${name}=; Path=/auth/google; Max-Age=0; HttpOnly; SameSite=Lax${isLocal(env) ? "" : "; Secure"}`,
  );
}

/**
 * A re-authentication under way: who asked, and when. Signed, and only good for the round trip.
 * The callback accepts Google's answer only for that account and only with an auth_time after
 * `startedAt`, so an old Google session cannot stand in for the password the account lacks.
 */
export function googleReauthCookie(env: AppEnv) {
  return signedCookie(env, "bob_oauth_reauth", { path: "/auth/google", maxAge: 600 });
}

export type GoogleReauth = { userId: number; startedAt: number };

/** Reads the re-authentication cookie, if this round trip is one. */
export async function readGoogleReauth(env: AppEnv, request: Request): Promise<GoogleReauth | null> {
  const value: unknown = await googleReauthCookie(env).parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object") return null;
  const { userId, startedAt } = value as Partial<GoogleReauth>;
  return typeof userId === "number" && typeof startedAt === "number" ? { userId, startedAt } : null;
}

// Clocks differ a little between Google and us.
const AUTH_TIME_SKEW_MS = 60_000;

/** Whether Google's answer proves a fresh sign-in by the account that asked. */
export function reauthenticates(
  reauth: GoogleReauth,
  profile: GoogleProfile,
  account: { id: number; googleSubject: string | null },
): boolean {
  return (
    account.id === reauth.userId &&
    account.googleSubject === profile.subject &&
    profile.authenticatedAt !== null &&
    profile.authenticatedAt >= reauth.startedAt - AUTH_TIME_SKEW_MS
  );
}
