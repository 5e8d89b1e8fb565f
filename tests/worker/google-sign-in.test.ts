import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { get, noticeOf, ORIGIN, pageAfter, postForm } from "./helpers";

let counter = 0;
const uniqueEmail = (prefix: string) => `${prefix}${Date.now()}${counter++}@example.com`;

/** Every cookie a response sets, as one Cookie header to send back. */
const cookiesFrom = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

/**
 * The browser's round trip: our POST /auth/google → the local OIDC provider's /authorize (which
 * answers at once for the `login_hint` identity) → our callback with code and state.
 */
async function googleRoundTrip(loginHint?: string, redirectTo = "/account") {
  const start = await postForm("/auth/google", { redirectTo });
  expect(start.response.status).toBe(303);
  const authorize = new URL(start.response.headers.get("Location") ?? "");
  if (loginHint) authorize.searchParams.set("login_hint", loginHint);
  const provider = await fetch(authorize, { redirect: "manual" });
  await provider.arrayBuffer();
  const callback = new URL(provider.headers.get("Location") ?? "");
  const response = await SELF.fetch(`${ORIGIN}${callback.pathname}${callback.search}`, {
    headers: { Cookie: cookiesFrom(start.response) },
    redirect: "manual",
  });
  return { start: start.response, authorize, callback, response };
}

const signedInAs = async (response: Response) => {
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith("bob_session="))
    ?.split(";")[0];
  if (!cookie) return null;
  const { html } = await get("/shop", { headers: { Cookie: cookie } });
  return html.match(/Signed in as ([^<]+)</)?.[1] ?? null;
};

describe("Google sign-in", () => {
  it("sends the browser to the provider with state, PKCE (S256) and the callback, in a short-lived HttpOnly cookie", async () => {
    const { start, authorize } = await googleRoundTrip();
    expect(authorize.origin).toBe(new URL(env.GOOGLE_AUTHORIZATION_URL).origin);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${ORIGIN}/auth/google/callback`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("state")).toMatch(/.{20,}/);
    expect(authorize.searchParams.get("scope")).toBe("openid email profile");
    expect(authorize.searchParams.get("client_id")).toBe("local-google-client");
    expect(start.headers.getSetCookie().find((c) => c.startsWith("bob_oauth:"))).toMatch(
      /Max-Age=600.*Path=\/auth\/google|Path=\/auth\/google.*Max-Age=600/,
    );
    expect(start.headers.getSetCookie().find((c) => c.startsWith("bob_oauth:"))).toMatch(/HttpOnly/);
  });

  it("creates a verified account for a new verified Google email and signs it in", async () => {
    const email = uniqueEmail("new.google.");
    const { response } = await googleRoundTrip(email);
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/account");
    // The one-time state cookie is cleared once used.
    expect(response.headers.getSetCookie().find((c) => c.startsWith("bob_oauth:"))).toMatch(/=; .*Max-Age=0/);
    expect(await signedInAs(response)).toBe(
      email
        .split("@")[0]
        ?.replace(/[._-]+/g, " ")
        .replace(/\b\w/g, (c) => c.toUpperCase()),
    );
    const row = await env.DB.prepare(
      "SELECT google_subject, email_verified_at, password_hash FROM users WHERE email = ?",
    )
      .bind(email)
      .first<{ google_subject: string; email_verified_at: string | null; password_hash: string | null }>();
    expect(row?.google_subject).toBe(`google-${email}`);
    expect(row?.email_verified_at).not.toBeNull();
    expect(row?.password_hash).toBeNull();
    // The second time signs in to the same account.
    const again = await googleRoundTrip(email);
    expect(again.response.status).toBe(303);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM users WHERE email = ?")
      .bind(email)
      .first<number>("n");
    expect(count).toBe(1);
  });

  it("links to an existing account by verified email and keeps its verified password", async () => {
    const email = uniqueEmail("linked.");
    await postForm("/signup", { name: "Lin Ked", email, password: "a good long password" });
    await env.DB.prepare("UPDATE users SET email_verified_at = '2026-01-01T00:00:00.000Z' WHERE email = ?")
      .bind(email)
      .run();
    const { response } = await googleRoundTrip(email);
    expect(await signedInAs(response)).toBe("Lin Ked");
    const login = await postForm("/login", { email, password: "a good long password" });
    expect(login.response.status).toBe(303);
  });

  it("drops the password of an unconfirmed account it links to: whoever set it never proved the address", async () => {
    const email = uniqueEmail("squatted.");
    await postForm("/signup", { name: "Squatter", email, password: "a squatters password" });
    const { response } = await googleRoundTrip(email);
    expect(response.status).toBe(303);
    const login = await postForm("/login", { email, password: "a squatters password" });
    expect(login.response.status).toBe(401);
  });

  it("refuses an email Google has not verified, and creates nothing", async () => {
    const email = uniqueEmail("unverified.");
    const { response } = await googleRoundTrip(`unverified:${email}`);
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/login");
    expect(response.headers.getSetCookie().some((c) => c.startsWith("bob_session="))).toBe(false);
    const row = await env.DB.prepare("SELECT 1 FROM users WHERE email = ?").bind(email).first();
    expect(row).toBeNull();
    const { html } = await pageAfter(response);
    expect(html).toContain("Google hasn&#x27;t confirmed that email address");
  });

  it("refuses a callback whose state does not match the cookie (forged or replayed)", async () => {
    const first = await postForm("/auth/google", { redirectTo: "/" });
    const authorize = new URL(first.response.headers.get("Location") ?? "");
    const provider = await fetch(authorize, { redirect: "manual" });
    await provider.arrayBuffer();
    const callback = new URL(provider.headers.get("Location") ?? "");
    // An attacker's code and state, delivered to a victim whose browser holds a different state.
    const victim = await postForm("/auth/google", { redirectTo: "/" });
    const response = await SELF.fetch(`${ORIGIN}${callback.pathname}${callback.search}`, {
      headers: { Cookie: cookiesFrom(victim.response) },
      redirect: "manual",
    });
    expect(response.headers.get("Location")).toBe("/login");
    expect(await noticeOf(response)).toBe("Google sign-in didn't complete. Please try again.");
    expect(response.headers.getSetCookie().some((c) => c.startsWith("bob_session="))).toBe(false);
  });

  it("refuses a disabled account", async () => {
    const email = uniqueEmail("disabled.");
    await googleRoundTrip(email);
    await env.DB.prepare("UPDATE users SET disabled_at = '2026-01-01T00:00:00.000Z' WHERE email = ?").bind(email).run();
    const { response } = await googleRoundTrip(email);
    expect(response.headers.get("Location")).toBe("/login");
    expect(await noticeOf(response)).toBe("This account has been disabled. Please contact the bakery.");
  });

  it("shows the button on the sign-in page when configured", async () => {
    const { html } = await get("/login");
    expect(html).toContain('action="/auth/google"');
    expect(html).toContain("Continue with Google");
  });
});

describe("Google re-authentication (accounts without a password)", () => {
  /** A Google-only account signed in; then a re-authentication round trip, optionally tampered with. */
  async function reauthenticate(options: { stripMaxAge: boolean }) {
    const email = uniqueEmail("reauth.");
    const signIn = await googleRoundTrip(email);
    const session = signIn.response.headers
      .getSetCookie()
      .find((c) => c.startsWith("bob_session="))
      ?.split(";")[0];
    if (!session) throw new Error("not signed in");
    const start = await postForm("/auth/google", { intent: "reauth", redirectTo: "/account/email" }, session);
    expect(start.response.status).toBe(303);
    const authorize = new URL(start.response.headers.get("Location") ?? "");
    expect(authorize.searchParams.get("max_age")).toBe("0");
    expect(authorize.searchParams.get("login_hint")).toBe(email);
    // Someone between the browser and Google drops the request for a fresh sign-in.
    if (options.stripMaxAge) authorize.searchParams.delete("max_age");
    const provider = await fetch(authorize, { redirect: "manual" });
    await provider.arrayBuffer();
    const callback = new URL(provider.headers.get("Location") ?? "");
    const response = await SELF.fetch(`${ORIGIN}${callback.pathname}${callback.search}`, {
      headers: { Cookie: `${cookiesFrom(start.response)}; ${session}` },
      redirect: "manual",
    });
    return { email, session, response };
  }

  it("a fresh Google sign-in lets the account change its email", async () => {
    const { session, response } = await reauthenticate({ stripMaxAge: false });
    expect(response.headers.get("Location")).toBe("/account/email");
    const change = await postForm("/account/email", { email: uniqueEmail("moved.") }, session);
    expect(change.response.status).toBe(303);
  });

  it("an old Google session (auth_time before the request) does not count", async () => {
    const { session, response } = await reauthenticate({ stripMaxAge: true });
    expect(response.headers.get("Location")).toBe("/account/email?reauth=failed");
    const change = await postForm("/account/email", { email: uniqueEmail("moved.") }, session);
    expect(change.response.status).toBe(403);
  });
});
