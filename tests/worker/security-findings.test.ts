/**
 * One test (or more) per finding of the black-box security review (issue 10), named after it.
 * Each fails on the code before the fix and passes after; the note lists them.
 */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { requireStaffSecondFactor } from "../../app/modules/auth/guards.server";
import { collectionSlots } from "../../app/modules/checkout/slots";
import { signDirectUpload } from "../../app/modules/media/uploads.server";
import { serverTimingVisible } from "../../app/modules/observability/timing.server";
import { parseEnv } from "../../app/modules/platform/env.server";
import { SEED_CALENDAR } from "../fixtures/seed-calendar";
import {
  cookieFrom,
  get,
  noticeOf,
  ORIGIN,
  parseServerTiming,
  postForm,
  signedInAs,
  signUpAndSignIn,
  testContext,
} from "./helpers";
import { product } from "./orders-helpers";

let counter = 0;
const uniqueEmail = (prefix = "sec") => `${prefix}${Date.now()}${counter++}@example.com`;
const PASSWORD = "a good long password";

/** The newest link of this kind mailed to an address (what its owner would click). */
async function linkTo(email: string, path: string): Promise<string> {
  const row = await env.DB.prepare(
    "SELECT text FROM email_outbox WHERE recipient = ? AND text LIKE ? ORDER BY id DESC LIMIT 1",
  )
    .bind(email, `%${path}?token=%`)
    .first<{ text: string }>();
  const token = row?.text.match(new RegExp(`${path}\\?token=([0-9a-f]{64})`))?.[1];
  if (!token) throw new Error(`no ${path} link mailed to ${email}`);
  return token;
}

const userByEmail = (email: string) =>
  env.DB.prepare("SELECT id, email, email_verified_at, pending_email FROM users WHERE email = ?")
    .bind(email)
    .first<{ id: number; email: string; email_verified_at: string | null; pending_email: string | null }>();

async function basketWith(slug: string, ip: string) {
  const { id } = await product(slug);
  const { response } = await postForm("/basket", { intent: "add", productId: id, quantity: 1 }, undefined, ip);
  return cookieFrom(response);
}

function checkoutFields(email: string) {
  const slots = collectionSlots(new Date(), SEED_CALENDAR);
  const slot = slots[Math.floor(Math.random() * slots.length)];
  return {
    name: "Ada Baker",
    email,
    phone: "",
    fulfilment: "collection",
    collectionSlot: slot ? `${slot.date}T${slot.time}` : "",
  };
}

describe("H1: a change-email link is bound to the address it was mailed to", () => {
  it("the reported attack: redeeming an older link after asking for the victim's address changes nothing", async () => {
    const victim = uniqueEmail("victim");
    // The victim once checked out as a guest: a paid order under their address, no account.
    await env.DB.prepare(
      `INSERT INTO orders (number, access_token, email, name, status, fulfilment, slot_date, slot_time, reservation_expires_at)
       VALUES (?, ?, ?, 'Victim', 'paid', 'collection', '2030-01-01', '08:00', '2030-01-01T00:00:00.000Z')`,
    )
      .bind(`BB-${crypto.randomUUID().slice(0, 6).toUpperCase()}`, crypto.randomUUID(), victim)
      .run();

    const attacker = uniqueEmail("attacker");
    const second = uniqueEmail("attacker2nd");
    const { cookie } = await signUpAndSignIn({ name: "Mallory", email: attacker, password: PASSWORD });
    expect(
      (await postForm("/account/email", { email: second, currentPassword: PASSWORD }, cookie)).response.status,
    ).toBe(303);
    const toSecond = await linkTo(second, "/verify-email");
    expect(
      (await postForm("/account/email", { email: victim, currentPassword: PASSWORD }, cookie)).response.status,
    ).toBe(303);

    const redeemed = await postForm("/verify-email", { token: toSecond }, cookie);
    expect(await noticeOf(redeemed.response)).not.toBe("Done: your account now uses this email address.");
    const account = await userByEmail(attacker);
    expect(account?.email).toBe(attacker);
    expect(account?.email_verified_at).toBeNull();
    expect(await userByEmail(victim)).toBeNull();
    // The victim's order stays theirs; the attacker's account lists nothing.
    expect((await get("/account", { headers: { Cookie: cookie } })).html).not.toContain("Victim");
    const claimed = await env.DB.prepare("SELECT count(*) AS n FROM orders WHERE email = ? AND user_id IS NOT NULL")
      .bind(victim)
      .first<number>("n");
    expect(claimed).toBe(0);
  });

  it("the newest link switches to its own address; cancelling voids it; links from before binding are void", async () => {
    const email = uniqueEmail("mover");
    const { cookie } = await signUpAndSignIn({ name: "Mo", email, password: PASSWORD });
    const first = uniqueEmail("first");
    await postForm("/account/email", { email: first, currentPassword: PASSWORD }, cookie);
    const firstLink = await linkTo(first, "/verify-email");
    await postForm("/account/email", { intent: "cancel" }, cookie);
    expect((await userByEmail(email))?.pending_email).toBeNull();
    await postForm("/verify-email", { token: firstLink }, cookie);
    expect((await userByEmail(email))?.email).toBe(email);

    const wanted = uniqueEmail("wanted");
    await postForm("/account/email", { email: wanted, currentPassword: PASSWORD }, cookie);
    const done = await postForm("/verify-email", { token: await linkTo(wanted, "/verify-email") }, cookie);
    expect(done.response.headers.get("Location")).toBe("/account");
    expect(await noticeOf(done.response)).toBe("Done: your account now uses this email address.");
    expect((await userByEmail(wanted))?.email_verified_at).not.toBeNull();
    // Every device is signed out (this browser gets a fresh session), and the old address is told.
    expect((await get("/account", { headers: { Cookie: cookie }, redirect: "manual" })).response.status).toBe(302);
    const fresh = cookieFrom(done.response);
    expect((await get("/account", { headers: { Cookie: fresh } })).response.status).toBe(200);
    const notice = await env.DB.prepare("SELECT kind FROM email_outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1")
      .bind(email)
      .first<string>("kind");
    expect(notice).toBe("email-changed");

    // A link issued before binding (no address recorded) proves nothing.
    const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("a".repeat(64)));
    const hex = [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("");
    const user = await userByEmail(wanted);
    await env.DB.prepare(
      "INSERT INTO auth_tokens (user_id, purpose, token_hash, expires_at) VALUES (?, 'change-email', ?, '2099-01-01T00:00:00.000Z')",
    )
      .bind(user?.id, hex)
      .run();
    await env.DB.prepare("UPDATE users SET pending_email = ? WHERE id = ?").bind(uniqueEmail("legacy"), user?.id).run();
    const legacy = await postForm("/verify-email", { token: "a".repeat(64) });
    expect(legacy.response.headers.get("Location")).toContain("/verify-email?token=");
    expect((await userByEmail(wanted))?.email).toBe(wanted);
  });

  it("a verify link mailed to an old address does not verify the account's new one", async () => {
    const email = uniqueEmail("verifier");
    await postForm("/signup", { name: "Vic", email, password: PASSWORD });
    const verifyLink = await linkTo(email, "/verify-email");
    const other = uniqueEmail("elsewhere");
    await env.DB.prepare("UPDATE users SET email = ? WHERE email = ?").bind(other, email).run();
    await postForm("/verify-email", { token: verifyLink });
    expect((await userByEmail(other))?.email_verified_at).toBeNull();
  });
});

describe("M1: no open redirect after sign-in", () => {
  it.each(["/\t/evil.example", "/\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example"])(
    "login with redirectTo %j stays on the site",
    async (redirectTo) => {
      const { email } = await signUpAndSignIn({ name: "Red", email: uniqueEmail("redirect"), password: PASSWORD });
      const { response } = await postForm("/login", { email, password: PASSWORD, redirectTo });
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe("/");
    },
  );
});

describe("M2: anonymous scripts cannot hold the slots and the stock", () => {
  it("a client holds at most 3 unpaid orders; the 4th is a 429 that keeps the form and the basket", async () => {
    const ip = `2001:db8:${Math.floor(Math.random() * 65535).toString(16)}::1`;
    const statuses: number[] = [];
    let last = { response: new Response(), html: "", cookie: "" };
    for (let i = 0; i < 4; i++) {
      // IPv6 addresses of one /64 are one client, however they rotate.
      const address = ip.replace(/::1$/, `::${i + 1}`);
      const cookie = await basketWith("country-sourdough", address);
      const result = await postForm("/checkout", checkoutFields(uniqueEmail("holder")), cookie, address);
      statuses.push(result.response.status);
      last = { ...result, cookie };
    }
    expect(statuses).toEqual([303, 303, 303, 429]);
    expect(last.html).toContain("orders waiting for payment");
    expect(last.html).toContain('value="Ada Baker"');
    const basket = await get("/basket", { headers: { Cookie: last.cookie } });
    expect(basket.html).toContain("Country Sourdough");
  });

  it("checkouts are limited to 10 per 10 minutes per address, answered 429 with Retry-After", async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}-checkout-${crypto.randomUUID()}`;
    const cookie = await basketWith("white-sourdough-tin", ip);
    const statuses: number[] = [];
    // The same basket each time: each checkout releases the one before, so the hold cap never bites.
    for (let i = 0; i < 11; i++) {
      statuses.push((await postForm("/checkout", checkoutFields(uniqueEmail("again")), cookie, ip)).response.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 303)).toBe(true);
    const refused = await postForm("/checkout", checkoutFields(uniqueEmail("again")), cookie, ip);
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(refused.html).toContain("Too many attempts.");
  });

  it("basket writes are limited to 60 a minute per address", async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}-basket-${crypto.randomUUID()}`;
    const { id } = await product("butter-croissant");
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      statuses.push(
        (await postForm("/basket", { intent: "add", productId: id, quantity: 1 }, undefined, ip)).response.status,
      );
    }
    expect(statuses.filter((s) => s === 303)).toHaveLength(60);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("M3: control characters are refused at the form", () => {
  it("a NUL in a name is answered by the field, the values kept, nothing written", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM users").first<number>("n");
    const email = uniqueEmail("nul");
    const { response, html } = await postForm("/signup", { name: "Nul\u0000Name", email, password: PASSWORD });
    expect(response.status).toBe(400);
    expect(html).toContain("Remove the special characters");
    expect(html).toContain(`value="${email}"`);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM users").first<number>("n")).toBe(before);
  });
});

describe("L1: nobody can fill KV with made-up addresses", () => {
  const keyCount = async () => (await env.KV.list({ prefix: "test:" })).keys.length;

  it("a 3,000-character slug is a 404, not a 500", async () => {
    const { response } = await get(`/products/${"a".repeat(3000)}`);
    expect(response.status).toBe(404);
  });

  it("unknown products, unknown categories and free-text searches write nothing to KV", async () => {
    await get("/shop");
    await get("/products/country-sourdough");
    await new Promise((r) => setTimeout(r, 50));
    const before = await keyCount();
    for (let i = 0; i < 5; i++) {
      const tag = crypto.randomUUID().slice(0, 8);
      expect((await get(`/products/no-such-loaf-${tag}`)).response.status).toBe(404);
      expect((await get(`/shop?category=no-such-${tag}`)).response.status).toBe(404);
      expect((await get(`/shop?q=${tag}`)).response.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(await keyCount()).toBe(before);
  });
});

describe("L2: one form reader answers a client's mistakes with 4xx, never 500", () => {
  const send = (path: string, init: RequestInit) =>
    SELF.fetch(`${ORIGIN}${path}`, {
      redirect: "manual",
      ...init,
      headers: { Origin: ORIGIN, "CF-Connecting-IP": `203.0.113.${counter++ % 250}`, ...init.headers },
    });

  it.each([
    ["JSON", { method: "POST", body: '{"email":"a@b.c"}', headers: { "Content-Type": "application/json" } }, 415],
    ["text/plain", { method: "POST", body: "email=a@b.c", headers: { "Content-Type": "text/plain" } }, 415],
    [
      "a bogus charset",
      {
        method: "POST",
        body: "email=a",
        headers: { "Content-Type": "application/x-www-form-urlencoded; charset=bogus" },
      },
      415,
    ],
    [
      "broken multipart",
      { method: "POST", body: "--x\r\nnot really", headers: { "Content-Type": "multipart/form-data; boundary=x" } },
      415,
    ],
    [
      "a body over 64 KB",
      {
        method: "POST",
        body: `email=${"a".repeat(70 * 1024)}`,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      },
      413,
    ],
    ["DELETE", { method: "DELETE" }, 405],
  ] as const)("/login with %s → %s", async (_name, init, status) => {
    const response = await send("/login", init as RequestInit);
    expect(response.status).toBe(status);
    await response.arrayBuffer();
  });

  it("broken multipart where files are expected is a 400", async () => {
    const admin = await signedInAs("admin");
    const created = await env.DB.prepare("SELECT id FROM products LIMIT 1").first<number>("id");
    const response = await send(`/admin/products/${created}/images`, {
      method: "POST",
      body: '--x\r\nContent-Disposition: form-data; name="intent"\r\n\r\nadd\r\n--x-- but broken',
      headers: { "Content-Type": "multipart/form-data; boundary=zzz", Cookie: admin.cookie },
    });
    expect(response.status).toBe(400);
    await response.arrayBuffer();
  });
});

describe("L3: a reset or password change retires every older link", () => {
  it("an older reset link stops working once a newer one is used, and after a password change", async () => {
    const email = uniqueEmail("reset");
    const { cookie } = await signUpAndSignIn({ name: "Ray", email, password: PASSWORD });
    await postForm("/forgot-password", { email });
    const older = await linkTo(email, "/reset-password");
    await postForm("/forgot-password", { email });
    const newer = await linkTo(email, "/reset-password");
    expect(newer).not.toBe(older);
    expect(
      (await postForm("/reset-password", { token: newer, password: "a newer long password" })).response.status,
    ).toBe(303);
    expect(
      (await postForm("/reset-password", { token: older, password: "an attacker's password" })).response.status,
    ).toBe(410);

    // A password change (from a fresh session) retires reset and change-email links too.
    const session = cookieFrom((await postForm("/login", { email, password: "a newer long password" })).response);
    await postForm("/forgot-password", { email });
    const pendingReset = await linkTo(email, "/reset-password");
    const elsewhere = uniqueEmail("moveto");
    await postForm("/account/email", { email: elsewhere, currentPassword: "a newer long password" }, session);
    const pendingChange = await linkTo(elsewhere, "/verify-email");
    const changed = await postForm(
      "/account/password",
      {
        currentPassword: "a newer long password",
        newPassword: "the third long password",
        confirmPassword: "the third long password",
      },
      session,
    );
    expect(changed.response.status).toBe(303);
    // The account's address hears of every password change (L7).
    const notices = await env.DB.prepare(
      "SELECT count(*) AS n FROM email_outbox WHERE recipient = ? AND kind = 'password-changed'",
    )
      .bind(email)
      .first<number>("n");
    expect(notices).toBe(2);
    expect((await postForm("/reset-password", { token: pendingReset, password: "x".repeat(12) })).response.status).toBe(
      410,
    );
    await postForm("/verify-email", { token: pendingChange });
    expect((await userByEmail(email))?.email).toBe(email);
    expect(cookie).toBeTruthy();
  });
});

describe("L6: response headers say nothing about who has an account", () => {
  it("forgot-password answers with the same status, headers and query count for a known and an unknown address", async () => {
    const { email } = await signUpAndSignIn({ name: "Kim", email: uniqueEmail("known"), password: PASSWORD });
    const known = await postForm("/forgot-password", { email });
    const unknown = await postForm("/forgot-password", { email: uniqueEmail("nobody") });
    expect(unknown.response.status).toBe(known.response.status);
    expect(unknown.response.headers.get("Location")).toBe(known.response.headers.get("Location"));
    const names = (r: Response) => [...r.headers.keys()].sort();
    expect(names(unknown.response)).toEqual(names(known.response));
    const timing = (r: Response) => parseServerTiming(r.headers.get("Server-Timing")).d1Queries;
    expect(timing(unknown.response)).toBe(timing(known.response));
  });

  it("Server-Timing is for development, tests and staff only", () => {
    const production = { APP_ENV: "production" };
    expect(serverTimingVisible(production, null)).toBe(false);
    expect(serverTimingVisible(production, { role: "customer" })).toBe(false);
    expect(serverTimingVisible(production, { role: "staff" })).toBe(true);
    expect(serverTimingVisible({ APP_ENV: "test" }, null)).toBe(true);
  });
});

describe("L7: accounts without a password prove who they are with Google first", () => {
  it("a Google-only account cannot change its email or set a password without a fresh Google sign-in", async () => {
    const email = uniqueEmail("googleonly");
    const { cookie } = await signUpAndSignIn({ name: "Gail", email, password: PASSWORD });
    await env.DB.prepare("UPDATE users SET password_hash = NULL, google_subject = ? WHERE email = ?")
      .bind(`google-${email}`, email)
      .run();
    const page = await get("/account/email", { headers: { Cookie: cookie } });
    expect(page.html).toContain("Confirm it&#x27;s me with Google");
    const change = await postForm("/account/email", { email: uniqueEmail("taken-over") }, cookie);
    expect(change.response.status).toBe(403);
    const password = await postForm(
      "/account/password",
      { newPassword: "an attacker password", confirmPassword: "an attacker password" },
      cookie,
    );
    expect(password.response.status).toBe(403);
    expect((await userByEmail(email))?.pending_email).toBeNull();
  });
});

describe("Hardening", () => {
  it("personal pages are private, no-store", async () => {
    const { cookie } = await signedInAs("customer");
    for (const path of ["/account", "/account/email", "/checkout/success", "/orders/BB-NOPE00?token=x"]) {
      const { response } = await get(path, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(response.headers.get("Cache-Control"), path).toBe("private, no-store");
    }
  });

  it("staff and admins must set up two-step sign-in where the shop is deployed", () => {
    const staff = {
      id: 1,
      email: "s@example.com",
      name: "S",
      role: "staff" as const,
      twoFactor: false,
      reauthenticatedAt: null,
    };
    const deployed = { env: { APP_ENV: "production" } } as Parameters<typeof requireStaffSecondFactor>[0];
    const local = { env: { APP_ENV: "development" } } as Parameters<typeof requireStaffSecondFactor>[0];
    let thrown: unknown;
    try {
      requireStaffSecondFactor(deployed, staff);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).headers.get("Location")).toBe("/account/two-factor?required=1");
    expect(() => requireStaffSecondFactor(deployed, { ...staff, twoFactor: true })).not.toThrow();
    expect(() => requireStaffSecondFactor(local, staff)).not.toThrow();
    expect(() => requireStaffSecondFactor(deployed, { ...staff, role: "customer" })).not.toThrow();
  });

  it("a presigned R2 upload signs the type and the exact size, and lands where nobody can read it", async () => {
    const ctx = testContext();
    const r2 = {
      ...ctx,
      env: {
        ...ctx.env,
        r2DirectUploads: true,
        R2_ACCOUNT_ID: "account",
        R2_ACCESS_KEY_ID: "key-id",
        R2_SECRET_ACCESS_KEY: "secret",
        R2_BUCKET_NAME: "bucket",
      },
    };
    const admin = await signedInAs("admin");
    const signed = await signDirectUpload(r2, admin.id, { contentType: "image/png", size: 1234 });
    if (!signed.ok) throw new Error(signed.problem);
    const url = new URL(signed.signed.url);
    expect(url.pathname).toBe(`/bucket/uploads/${signed.signed.uploadId}/incoming`);
    expect(url.searchParams.get("X-Amz-SignedHeaders")).toBe("content-length;content-type;host");
    expect(signed.signed.headers).toEqual({ "Content-Type": "image/png" });
  });

  it("a deployed shop refuses to start without APP_URL", () => {
    const deployed = {
      ...env,
      APP_ENV: "production",
      APP_URL: undefined,
      COOKIE_SECRET: "x".repeat(40),
      STRIPE_SECRET_KEY: "sk_live_x",
      STRIPE_WEBHOOK_SECRET: "whsec_x",
      RESEND_API_KEY: "re_x",
      RESEND_WEBHOOK_SECRET: "whsec_x",
    } as unknown as Env;
    expect(() => parseEnv(deployed)).toThrow(/APP_URL/);
    expect(() =>
      parseEnv({ ...deployed, APP_URL: "https://bandofbakers.example/shop" } as unknown as Env),
    ).not.toThrow();
  });
});
