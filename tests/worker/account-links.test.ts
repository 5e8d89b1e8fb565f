import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { cookieFrom, get, noticeOf, postForm, signUpAndSignIn } from "./helpers";

let counter = 0;
const uniqueEmail = () => `links${Date.now()}${counter++}@example.com`;

async function linkFromOutbox(email: string, path: string): Promise<string> {
  const row = await env.DB.prepare("SELECT text FROM email_outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1")
    .bind(email)
    .first<{ text: string }>();
  const token = row?.text.match(new RegExp(`${path}\\?token=([0-9a-f]{64})`))?.[1];
  if (!token) throw new Error(`no ${path} link emailed to ${email}`);
  return token;
}

const verifiedAt = (email: string) =>
  env.DB.prepare("SELECT email_verified_at FROM users WHERE email = ?")
    .bind(email)
    .first<string | null>("email_verified_at");

describe("email verification", () => {
  it("sends a link on sign-up that confirms the address once", async () => {
    const email = uniqueEmail();
    await postForm("/signup", { name: "Vera", email, password: "a good long password" });
    expect(await verifiedAt(email)).toBeNull();
    const token = await linkFromOutbox(email, "/verify-email");

    // Opening the link (as a mail scanner would) changes nothing; confirming is a POST.
    expect((await get(`/verify-email?token=${token}`)).html).toContain("Confirm my email");
    expect(await verifiedAt(email)).toBeNull();
    const confirm = await postForm("/verify-email", { token });
    expect(confirm.response.status).toBe(303);
    expect(confirm.response.headers.get("Location")).toBe("/account");
    expect(await noticeOf(confirm.response)).toBe("Thank you: your email address is confirmed.");
    expect(await verifiedAt(email)).not.toBeNull();
    // Finishing sign-up: the link proved the address, so this browser is now signed in.
    const session = cookieFrom(confirm.response);
    expect(session).toMatch(/^bob_session=/);
    expect((await get("/shop", { headers: { Cookie: session } })).html).toContain("Signed in as Vera");

    // Used links stay used.
    expect((await get(`/verify-email?token=${token}`)).html).toContain(
      "This link has expired or has already been used.",
    );
    expect((await postForm("/verify-email", { token })).response.headers.get("Location")).toContain(
      "/verify-email?token=",
    );
  });

  it("refuses an expired link", async () => {
    const email = uniqueEmail();
    await postForm("/signup", { name: "Vera", email, password: "a good long password" });
    const token = await linkFromOutbox(email, "/verify-email");
    await env.DB.prepare(
      "UPDATE auth_tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE purpose = 'verify-email'",
    ).run();
    await postForm("/verify-email", { token });
    expect(await verifiedAt(email)).toBeNull();
  });
});

describe("password reset", () => {
  it("emails a single-use link that sets a new password and ends every session", async () => {
    const email = uniqueEmail();
    const { cookie: oldSession } = await signUpAndSignIn({ name: "Rex", email, password: "the old password" });

    const asked = await postForm("/forgot-password", { email });
    expect(asked.response.headers.get("Location")).toBe("/forgot-password");
    expect(await noticeOf(asked.response)).toContain("If there is an account for that email");
    const token = await linkFromOutbox(email, "/reset-password");

    const reset = await postForm("/reset-password", { token, password: "the brand new password" });
    expect(reset.response.status).toBe(303);
    expect(reset.response.headers.get("Location")).toBe("/login");
    expect(await noticeOf(reset.response)).toBe("Your password has been changed. Sign in with the new one.");

    expect((await get("/shop", { headers: { Cookie: oldSession } })).html).not.toContain("Signed in as");
    expect((await postForm("/login", { email, password: "the old password" })).response.status).toBe(401);
    expect((await postForm("/login", { email, password: "the brand new password" })).response.status).toBe(303);

    const again = await postForm("/reset-password", { token, password: "a third long password" });
    expect(again.response.status).toBe(410);
    expect(again.html).toContain("This link has expired or has already been used.");
  });

  it("answers the same for an unknown email and sends nothing", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM email_outbox").first<number>("n");
    const asked = await postForm("/forgot-password", { email: uniqueEmail() });
    expect(asked.response.headers.get("Location")).toBe("/forgot-password");
    expect(await noticeOf(asked.response)).toContain("If there is an account for that email");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM email_outbox").first<number>("n")).toBe(before);
  });
});
