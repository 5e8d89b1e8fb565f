import { env } from "cloudflare:test";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { cookieFrom, get, noticeOf, postForm, signUpAndSignIn } from "./helpers";

let counter = 0;
const PASSWORD = "a good long password";

async function staffMember(role = "staff") {
  const email = `twofactor${Date.now()}${counter++}@example.com`;
  const { cookie } = await signUpAndSignIn({ name: "Tess Staff", email, password: PASSWORD });
  await env.DB.prepare("UPDATE users SET role = ? WHERE email = ?").bind(role, email).run();
  return { email, cookie };
}

const codeFor = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });

async function enableTwoFactor(cookie: string) {
  const page = await get("/account/two-factor", { headers: { Cookie: cookie } });
  const secret = page.html.match(/data-testid="totp-secret">([A-Z2-7]+)</)?.[1] ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const { response, html } = await postForm("/account/two-factor", { intent: "enable", code: codeFor(secret) }, cookie);
  expect(response.status).toBe(200);
  const recoveryCodes = [...html.matchAll(/<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<\/li>/g)].map((m) => m[1] ?? "");
  return { secret, recoveryCodes };
}

const signInWithPassword = (email: string) => postForm("/login", { email, password: PASSWORD });

describe("two-step sign-in", () => {
  it("is for staff and admins: a customer gets 403", async () => {
    const { cookie } = await staffMember("customer");
    const { response } = await get("/account/two-factor", { headers: { Cookie: cookie }, redirect: "manual" });
    expect(response.status).toBe(403);
  });

  it("turns on with a code from the app, shows 10 recovery codes once and stores the secret encrypted", async () => {
    const { email, cookie } = await staffMember();
    const wrong = await postForm("/account/two-factor", { intent: "enable", code: "000000" }, cookie);
    expect(wrong.response.status).toBe(400);
    expect(wrong.html).toContain("That code didn&#x27;t work");

    const { secret, recoveryCodes } = await enableTwoFactor(cookie);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const row = await env.DB.prepare("SELECT totp_secret, totp_enabled_at FROM users WHERE email = ?")
      .bind(email)
      .first<{ totp_secret: string; totp_enabled_at: string }>();
    expect(row?.totp_enabled_at).not.toBeNull();
    expect(row?.totp_secret).toMatch(/^v1\./);
    expect(row?.totp_secret).not.toContain(secret);
    const stored = await env.DB.prepare(
      "SELECT count(*) AS n FROM recovery_codes WHERE user_id = (SELECT id FROM users WHERE email = ?) AND code_hash NOT LIKE '%-%'",
    )
      .bind(email)
      .first<number>("n");
    expect(stored).toBe(10);
  });

  it("asks for the code after the password; the session starts only with a right code, and a code works once", async () => {
    const { email, cookie } = await staffMember();
    const { secret } = await enableTwoFactor(cookie);

    const first = await signInWithPassword(email);
    expect(first.response.status).toBe(303);
    expect(first.response.headers.get("Location")).toBe("/login/two-factor");
    expect(first.response.headers.getSetCookie().some((c) => c.startsWith("bob_session="))).toBe(false);
    const pending = cookieFrom(first.response);
    expect(pending).toMatch(/^bob_2fa=/);

    const wrong = await postForm("/login/two-factor", { code: "123456" }, pending);
    expect(wrong.response.status).toBe(401);

    const code = codeFor(secret, 1);
    const right = await postForm("/login/two-factor", { code }, pending);
    expect(right.response.status).toBe(303);
    expect(right.response.headers.getSetCookie().some((c) => c.startsWith("bob_session="))).toBe(true);

    // The pending sign-in is used up, and the same code cannot be used again.
    const expired = await postForm("/login/two-factor", { code }, pending);
    expect(expired.response.headers.get("Location")).toBe("/login");
    expect(await noticeOf(expired.response)).toBe("Your sign-in took too long to finish. Please sign in again.");
    const second = cookieFrom((await signInWithPassword(email)).response);
    expect((await postForm("/login/two-factor", { code }, second)).response.status).toBe(401);
  });

  it("accepts each recovery code once", async () => {
    const { email, cookie } = await staffMember("admin");
    const { recoveryCodes } = await enableTwoFactor(cookie);
    const recovery = (recoveryCodes[3] ?? "").toUpperCase();
    const pending = cookieFrom((await signInWithPassword(email)).response);
    expect((await postForm("/login/two-factor", { code: recovery }, pending)).response.status).toBe(303);
    const again = cookieFrom((await signInWithPassword(email)).response);
    expect((await postForm("/login/two-factor", { code: recovery }, again)).response.status).toBe(401);
  });

  it("turns off with a current code", async () => {
    const { email, cookie } = await staffMember();
    const { secret } = await enableTwoFactor(cookie);
    const off = await postForm("/account/two-factor", { intent: "disable", code: codeFor(secret, 1) }, cookie);
    expect(off.response.headers.get("Location")).toBe("/account");
    expect(await noticeOf(off.response)).toBe("Two-step sign-in is off.");
    const signIn = await signInWithPassword(email);
    expect(signIn.response.headers.get("Location")).toBe("/");
  });
});
