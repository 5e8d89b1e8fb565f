/**
 * A local OpenID Connect provider standing in for Google (oauth2-mock-server from npm), so Google
 * sign-in can be tried and tested offline. It signs nobody in interactively: /authorize answers at
 * once for the identity named by `login_hint`, the way Google pre-selects an account:
 *   (none)                      → Gwen Google <gwen.google@example.com>, email verified
 *   someone@example.com         → that address, verified
 *   unverified:someone@…        → that address, not verified
 * The identity travels from the authorization code to the access token to /userinfo. The ID
 * token's auth_time says when "Google" last saw the password: now when the request asked for a
 * fresh sign-in (max_age=0, as re-authentication does), an hour ago otherwise (a remembered session).
 */
import { OAuth2Server } from "oauth2-mock-server";

export const DEFAULT_GOOGLE_IDENTITY = { email: "gwen.google@example.com", name: "Gwen Google" };

type Identity = { sub: string; email: string; email_verified: boolean; name: string; auth_time?: number };

function identityFromHint(hint: string | undefined): Identity {
  // Naming the default address (as re-authentication does) is the same person as naming nobody.
  if (!hint || hint === DEFAULT_GOOGLE_IDENTITY.email) {
    return { sub: "google-gwen", ...DEFAULT_GOOGLE_IDENTITY, email_verified: true };
  }
  const unverified = hint.startsWith("unverified:");
  const email = unverified ? hint.slice("unverified:".length) : hint;
  const local = email.split("@")[0] ?? email;
  return {
    sub: `google-${email}`,
    email,
    email_verified: !unverified,
    name: local.replace(/[._-]+/g, " ").replace(/\b\w/g, (c) => c.toUpperCase()),
  };
}

export async function startOidcProvider(port: number): Promise<OAuth2Server> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  const identityByCode = new Map<string, Identity>();

  server.service.on("beforeAuthorizeRedirect", ({ url }: { url: URL }, req: { url?: string }) => {
    const asked = new URL(req.url ?? "/", "http://localhost").searchParams;
    const hint = asked.get("login_hint") ?? undefined;
    const code = url.searchParams.get("code");
    const now = Math.floor(Date.now() / 1000);
    const authTime = asked.get("max_age") === "0" ? now : now - 3600;
    if (code) identityByCode.set(code, { ...identityFromHint(hint), auth_time: authTime });
  });
  server.service.on(
    "beforeTokenSigning",
    (token: { payload: Record<string, unknown> }, req: { body?: Record<string, string> }) => {
      const identity = identityByCode.get(req.body?.code ?? "");
      if (identity) Object.assign(token.payload, identity);
    },
  );
  server.service.on(
    "beforeUserinfo",
    (response: { body: unknown; statusCode: number }, req: { headers: Record<string, string | undefined> }) => {
      const bearer = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
      try {
        const claims = JSON.parse(Buffer.from(bearer.split(".")[1] ?? "", "base64url").toString("utf8"));
        response.body = {
          sub: claims.sub,
          email: claims.email,
          email_verified: claims.email_verified,
          name: claims.name,
        };
      } catch {
        response.statusCode = 401;
        response.body = { error: "invalid_token" };
      }
    },
  );
  await server.start(port, "127.0.0.1");
  return server;
}
