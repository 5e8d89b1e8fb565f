import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "../../app/modules/auth/password";
import { endAllSessions } from "../../app/modules/auth/session.server";
import { cookieFrom, get, noticeOf, postForm, signUpAndSignIn, testContext } from "./helpers";

let counter = 0;
const uniqueEmail = () => `person${Date.now()}${counter++}@example.com`;

async function signUp(email = uniqueEmail(), password = "a good long password") {
  const { cookie, response } = await signUpAndSignIn({ name: "Pat Baker", email, password });
  return { response, email, password, cookie };
}

const outboxFor = (email: string) =>
  env.DB.prepare("SELECT kind, text FROM email_outbox WHERE recipient = ? ORDER BY id")
    .bind(email)
    .all<{ kind: string; text: string }>()
    .then((r) => r.results);

const signedInAs = async (cookie: string) => {
  const { html } = await get("/shop", { headers: { Cookie: cookie } });
  return html.match(/Signed in as ([^<]+)</)?.[1] ?? null;
};

describe("sign up", () => {
  it("creates the account with a PBKDF2 hash (in workerd) and mails a confirmation link", async () => {
    const email = uniqueEmail();
    const { response } = await postForm("/signup", { name: "Pat Baker", email, password: "a good long password" });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/login");
    expect(await noticeOf(response)).toContain("Check your email: we've sent you a link");
    expect(response.headers.getSetCookie().some((c) => c.startsWith("bob_session="))).toBe(false);
    expect((await outboxFor(email)).map((m) => m.kind)).toEqual(["verify-email"]);
    const login = await postForm("/login", { email, password: "a good long password" });
    expect(login.response.headers.get("Set-Cookie")).toMatch(/^bob_session=.*HttpOnly.*SameSite=Lax/);
    expect(await signedInAs(cookieFrom(login.response))).toBe("Pat Baker");
    const row = await env.DB.prepare("SELECT password_hash, role FROM users WHERE email = ?").bind(email).first<{
      password_hash: string;
      role: string;
    }>();
    expect(row?.role).toBe("customer");
    expect(row?.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect(await verifyPassword("a good long password", row?.password_hash ?? "")).toBe(true);
  });

  it("answers a taken email (any case) exactly as a new one, and tells the owner by email instead", async () => {
    const { email } = await signUp();
    const fresh = await postForm("/signup", {
      name: "Someone",
      email: uniqueEmail(),
      password: "another long password",
    });
    const taken = await postForm("/signup", {
      name: "Visit evil.example for prizes",
      email: email.toUpperCase(),
      password: "another long password",
    });
    for (const answer of [fresh, taken]) {
      expect(answer.response.status).toBe(303);
      expect(answer.response.headers.get("Location")).toBe("/login");
      expect(await noticeOf(answer.response)).toContain("Check your email: we've sent you a link");
      expect(answer.response.headers.getSetCookie().some((c) => c.startsWith("bob_session="))).toBe(false);
    }
    const mail = await outboxFor(email);
    expect(mail.map((m) => m.kind)).toEqual(["verify-email", "signup-existing"]);
    // Nothing the visitor typed reaches the inbox of an address they have not proved.
    expect(mail.map((m) => m.text).join("\n")).not.toContain("evil.example");
    expect(mail.map((m) => m.text).join("\n")).not.toContain("Pat Baker");
  });

  it("refuses short passwords and bots filling the honeypot", async () => {
    const short = await postForm("/signup", { name: "A", email: uniqueEmail(), password: "short" });
    expect(short.response.status).toBe(400);
    expect(short.html).toContain("Use at least 10 characters");
    const bot = await postForm("/signup", {
      name: "A",
      email: uniqueEmail(),
      password: "long enough password",
      website: "http://spam",
    });
    expect(bot.response.status).toBe(400);
  });
});

describe("sign in and out", () => {
  it("signs in with the right password and rotates the session id", async () => {
    const { email, password, cookie: first } = await signUp();
    const login = await postForm("/login", { email, password }, first);
    expect(login.response.status).toBe(303);
    const second = cookieFrom(login.response);
    expect(second).not.toBe(first);
    expect(await signedInAs(second)).toBe("Pat Baker");
    // The session the browser had before signing in is over (no fixation).
    expect(await signedInAs(first)).toBeNull();
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const { email } = await signUp();
    const wrong = await postForm("/login", { email, password: "not the password" });
    const unknown = await postForm("/login", { email: uniqueEmail(), password: "not the password" });
    expect(wrong.response.status).toBe(401);
    expect(unknown.response.status).toBe(401);
    expect(wrong.html).toContain("That email and password don&#x27;t match.");
    expect(unknown.html).toContain("That email and password don&#x27;t match.");
    expect(wrong.response.headers.get("Set-Cookie")).toBeNull();
  });

  it("signs out with a POST, and the old cookie is worthless afterwards", async () => {
    const { cookie } = await signUp();
    const logout = await postForm("/logout", {}, cookie);
    expect(logout.response.status).toBe(303);
    expect(logout.response.headers.get("Set-Cookie")).toContain("Max-Age=0");
    expect(await signedInAs(cookie)).toBeNull();
  });

  it("ends every session when the account signs out everywhere or is disabled", async () => {
    const { email, password, cookie } = await signUp();
    const other = cookieFrom((await postForm("/login", { email, password })).response);
    const user = await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email).first<{ id: number }>();
    await endAllSessions(testContext(), user?.id ?? 0);
    expect(await signedInAs(cookie)).toBeNull();
    expect(await signedInAs(other)).toBeNull();

    const again = cookieFrom((await postForm("/login", { email, password })).response);
    expect(await signedInAs(again)).toBe("Pat Baker");
    await env.DB.prepare("UPDATE users SET disabled_at = ? WHERE id = ?")
      .bind(new Date().toISOString(), user?.id)
      .run();
    expect(await signedInAs(again)).toBeNull();
    expect((await postForm("/login", { email, password })).response.status).toBe(401);
  });
});

describe("brute force", () => {
  it("50 concurrent wrong passwords for one account from many addresses: exactly 10 reach the password check", async () => {
    const email = uniqueEmail();
    await postForm("/signup", { name: "Pat Baker", email, password: "a good long password" });
    const attempts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postForm("/login", { email, password: `guess number ${i}` }, undefined, `203.0.113.${i}`),
      ),
    );
    const statuses = attempts.map((a) => a.response.status);
    const checked = statuses.filter((s) => s === 401).length;
    const limited = attempts.filter((a) => a.response.status === 429);
    // The Durable Object counts one call at a time: exactly the account's allowance gets through.
    expect(checked).toBe(10);
    expect(checked + limited.length).toBe(50);
    expect(limited[0]?.response.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(limited[0]?.html).toContain("Too many attempts.");
    // The right password is refused too from a browser the account has not signed in on…
    expect((await postForm("/login", { email, password: "a good long password" })).response.status).toBe(429);
    // …and the start of the run is in the account's audit log, once.
    const locked = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log a JOIN users u ON u.id = a.entity_id WHERE a.action = 'sign-in-locked' AND u.email = ?",
    )
      .bind(email)
      .first<number>("n");
    expect(locked).toBe(1);
  });

  it("strangers' failures do not lock the owner out of a browser that has signed in before", async () => {
    const email = uniqueEmail();
    const { response } = await signUpAndSignIn({ name: "Pat Baker", email, password: "a good long password" });
    const device = (response.headers.get("Set-Cookie") ?? "").match(/bob_device=[^;]+/)?.[0];
    expect(device).toBeTruthy();
    for (let i = 0; i < 12; i++) {
      await postForm("/login", { email, password: `stranger guess ${i}` }, undefined, `198.18.0.${i}`);
    }
    expect((await postForm("/login", { email, password: "a good long password" })).response.status).toBe(429);
    const owner = await postForm("/login", { email, password: "a good long password" }, device);
    expect(owner.response.status).toBe(303);
    expect(owner.response.headers.get("Set-Cookie")).toContain("bob_session=");
    // The device cookie is bound to its account: it gives another account's attempts no allowance.
    const { email: other } = await signUpAndSignIn({
      name: "Other",
      email: uniqueEmail(),
      password: "a good long password",
    });
    for (let i = 0; i < 11; i++) {
      await postForm("/login", { email: other, password: `guess ${i}` }, undefined, `198.18.1.${i}`);
    }
    expect((await postForm("/login", { email: other, password: "a good long password" }, device)).response.status).toBe(
      429,
    );
  });

  it("limits one address across different accounts", async () => {
    const ip = "192.0.2.77";
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (await postForm("/login", { email: uniqueEmail(), password: "whatever it is" }, undefined, ip)).response.status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});
