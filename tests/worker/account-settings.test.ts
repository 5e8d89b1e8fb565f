import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { cookieFrom, get, noticeOf, pageAfter, postForm, signUpAndSignIn } from "./helpers";

let counter = 0;
const uniqueEmail = () => `settings${Date.now()}${counter++}@example.com`;
const PASSWORD = "a good long password";

async function signUp() {
  return signUpAndSignIn({ name: "Set Tings", email: uniqueEmail(), password: PASSWORD });
}

async function tokenEmailedTo(email: string): Promise<string> {
  const row = await env.DB.prepare("SELECT text FROM email_outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1")
    .bind(email)
    .first<{ text: string }>();
  const token = row?.text.match(/verify-email\?token=([0-9a-f]{64})/)?.[1];
  if (!token) throw new Error(`no link emailed to ${email}`);
  return token;
}

const userRow = (id: string) =>
  env.DB.prepare("SELECT * FROM users WHERE email = ? OR pending_email = ?")
    .bind(id, id)
    .first<Record<string, unknown>>();

describe("account details", () => {
  it("saves name, phone and delivery address", async () => {
    const { email, cookie } = await signUp();
    const saved = await postForm(
      "/account/details",
      { name: "Dee Tails", phone: "0117 496 0000", address: "1 Mill Lane\nBristol", postcode: "bs1 4dj" },
      cookie,
    );
    expect(saved.response.status).toBe(303);
    expect(saved.response.headers.get("Location")).toBe("/account");
    const row = await userRow(email);
    expect(row).toMatchObject({ name: "Dee Tails", phone: "0117 496 0000", delivery_postcode: "BS1 4DJ" });

    const account = await pageAfter(saved.response, cookie);
    expect(account.html).toContain("Your details are saved.");
    expect(account.html).toContain("0117 496 0000");
  });

  it("refuses a bad postcode by the field, keeps the values and writes nothing", async () => {
    const { email, cookie } = await signUp();
    const { response, html } = await postForm(
      "/account/details",
      { name: "Kept Name", phone: "", address: "Somewhere", postcode: "NOT A CODE" },
      cookie,
    );
    expect(response.status).toBe(400);
    expect(html).toContain("Enter a UK postcode like BS1 4DJ");
    expect(html).toContain('value="Kept Name"');
    expect((await userRow(email))?.name).toBe("Set Tings");
  });

  it("needs a signed-in user", async () => {
    const { response } = await postForm("/account/details", { name: "x" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount%2Fdetails");
  });

  it("limits other writes to 10 a minute per user, answered with 429 and Retry-After", async () => {
    const { cookie } = await signUp();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const { response } = await postForm("/account/details", { name: `Name ${i}` }, cookie);
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    expect(statuses.filter((s) => s === 303)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe("changing email", () => {
  it("needs the current password, then switches only when the new address confirms", async () => {
    const { email, cookie } = await signUp();
    const next = uniqueEmail();
    const wrong = await postForm("/account/email", { email: next, currentPassword: "not my password" }, cookie);
    expect(wrong.response.status).toBe(403);
    expect(wrong.html).toContain("That isn&#x27;t your current password");
    expect(wrong.html).toContain(`value="${next}"`);

    const asked = await postForm("/account/email", { email: next, currentPassword: PASSWORD }, cookie);
    expect(asked.response.headers.get("Location")).toBe("/account");
    expect(await noticeOf(asked.response)).toContain("We've sent a link to your new address.");
    expect((await userRow(email))?.pending_email).toBe(next);

    const token = await tokenEmailedTo(next);
    const confirmed = await postForm("/verify-email", { token });
    expect(confirmed.response.headers.get("Location")).toBe("/login");
    expect(await noticeOf(confirmed.response)).toBe("Done: your account now uses this email address.");
    const row = await userRow(next);
    expect(row).toMatchObject({ email: next, pending_email: null });
    expect(row?.email_verified_at).not.toBeNull();
    expect((await postForm("/login", { email: next, password: PASSWORD })).response.status).toBe(303);
  });

  it("refuses an address another account uses, and one taken before the link is used", async () => {
    const first = await signUp();
    const second = await signUp();
    const taken = await postForm("/account/email", { email: second.email, currentPassword: PASSWORD }, first.cookie);
    expect(taken.response.status).toBe(409);
    expect(taken.html).toContain("Another account already uses this email");

    const wanted = uniqueEmail();
    await postForm("/account/email", { email: wanted, currentPassword: PASSWORD }, first.cookie);
    const token = await tokenEmailedTo(wanted);
    await postForm("/signup", { name: "Quick", email: wanted, password: PASSWORD });
    const confirmed = await postForm("/verify-email", { token });
    expect(await noticeOf(confirmed.response)).toContain("so your email is unchanged");
    expect((await userRow(first.email))?.email).toBe(first.email);
  });
});

describe("changing password", () => {
  it("checks the current one, signs out other devices and keeps this one signed in", async () => {
    const { email, cookie: otherDevice } = await signUp();
    const here = cookieFrom((await postForm("/login", { email, password: PASSWORD })).response);

    const mismatch = await postForm(
      "/account/password",
      { currentPassword: PASSWORD, newPassword: "the next long password", confirmPassword: "something else" },
      here,
    );
    expect(mismatch.response.status).toBe(400);
    expect(mismatch.html).toContain("The two passwords don&#x27;t match");
    expect(mismatch.html).not.toContain("the next long password");

    const changed = await postForm(
      "/account/password",
      { currentPassword: PASSWORD, newPassword: "the next long password", confirmPassword: "the next long password" },
      here,
    );
    expect(changed.response.headers.get("Location")).toBe("/account");
    expect(await noticeOf(changed.response)).toBe("Your password is changed. Other devices have been signed out.");
    const fresh = cookieFrom(changed.response);
    const account = (cookie: string) => get("/account", { headers: { Cookie: cookie }, redirect: "manual" });
    expect((await account(fresh)).response.status).toBe(200);
    expect((await account(otherDevice)).response.status).toBe(302);
    expect((await postForm("/login", { email, password: PASSWORD })).response.status).toBe(401);
    expect((await postForm("/login", { email, password: "the next long password" })).response.status).toBe(303);
  });
});

describe("resending the verification link", () => {
  it("sends a new link to an unconfirmed address", async () => {
    const { email, cookie } = await signUp();
    const count = () =>
      env.DB.prepare("SELECT count(*) AS n FROM email_outbox WHERE recipient = ? AND kind = 'verify-email'")
        .bind(email)
        .first<number>("n");
    expect(await count()).toBe(1);
    const { response } = await postForm("/account", { intent: "resend-verification" }, cookie);
    expect(response.headers.get("Location")).toBe("/account");
    expect(await noticeOf(response)).toBe("We've sent you a new confirmation link.");
    expect(await count()).toBe(2);
  });
});
