import { Authenticator } from "remix-auth";
import { OAuth2Strategy } from "remix-auth-oauth2";
import { z } from "zod";
import { type AppEnv, isLocal } from "../platform/env.server";

export type GoogleProfile = { subject: string; email: string; emailVerified: boolean; name: string };

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
    const hint = new URL(request.url).searchParams.get("login_hint");
    if (hint) params.set("login_hint", hint);
    params.set("prompt", "select_account");
    return params;
  }
}

async function fetchProfile(env: AppEnv, accessToken: string): Promise<GoogleProfile> {
  const response = await fetch(env.GOOGLE_USERINFO_URL, { headers: { Authorization: `Bearer ${accessToken}` } });
  if (!response.ok) throw new Error(`Google userinfo answered ${response.status}`);
  const info = UserinfoSchema.parse(await response.json());
  return {
    subject: info.sub,
    email: info.email.toLowerCase(),
    emailVerified: info.email_verified === true || info.email_verified === "true",
    name: info.name?.trim() || info.email.split("@")[0] || "Google user",
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
    ({ tokens }) => fetchProfile(env, tokens.accessToken()),
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
    .filter((name) => name.startsWith(`${GOOGLE_STATE_COOKIE}:`) || name === GOOGLE_NEXT_COOKIE);
  return names.map(
    (name) => `${name}=; Path=/auth/google; Max-Age=0; HttpOnly; SameSite=Lax${isLocal(env) ? "" : "; Secure"}`,
  );
}
