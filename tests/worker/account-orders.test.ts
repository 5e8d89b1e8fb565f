import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { collectionSlots } from "../../app/modules/checkout/slots";
import { SEED_CALENDAR } from "../fixtures/seed-calendar";
import { cookieFrom, get, postForm, signUpAndSignIn } from "./helpers";
import { product } from "./orders-helpers";

let counter = 0;

async function signedInCustomer(name: string) {
  const email = `acct${Date.now()}${counter++}@example.com`;
  return signUpAndSignIn({ name, email, password: "a good long password" });
}

/** Checks out one loaf as the given session; returns the new order's number. */
async function placeOrder(sessionCookie: string, email: string) {
  const { id } = await product("white-sourdough-tin");
  const add = await postForm("/basket", { intent: "add", productId: id, quantity: 1 }, sessionCookie);
  const cookies = `${sessionCookie}; ${cookieFrom(add.response)}`;
  const slot = collectionSlots(new Date(), SEED_CALENDAR)[counter % 20];
  const checkout = await postForm(
    "/checkout",
    { name: "Shopper", email, fulfilment: "collection", collectionSlot: `${slot?.date}T${slot?.time}` },
    cookies,
  );
  expect(checkout.response.status).toBe(303);
  return env.DB.prepare("SELECT number FROM orders WHERE email = ? ORDER BY id DESC LIMIT 1")
    .bind(email)
    .first<string>("number");
}

describe("orders under an account", () => {
  it("a signed-in checkout belongs to the account and shows in its history", async () => {
    const a = await signedInCustomer("Alice");
    const number = await placeOrder(a.cookie, a.email);
    const { html } = await get("/account", { headers: { Cookie: a.cookie } });
    expect(html).toContain(number);
    const detail = await get(`/account/orders/${number}`, { headers: { Cookie: a.cookie } });
    expect(detail.response.status).toBe(200);
    expect(detail.html).toContain("White Sourdough Tin × 1");
  });

  it("customer A cannot read customer B's order (404, same as a missing one)", async () => {
    const a = await signedInCustomer("Alice");
    const b = await signedInCustomer("Bob");
    const number = await placeOrder(b.cookie, b.email);
    const theirs = await get(`/account/orders/${number}`, { headers: { Cookie: a.cookie } });
    const missing = await get("/account/orders/BB-ZZZZZZ", { headers: { Cookie: a.cookie } });
    expect(theirs.response.status).toBe(404);
    expect(missing.response.status).toBe(404);
    expect((await get("/account", { headers: { Cookie: a.cookie } })).html).not.toContain(number);
  });

  it("guest orders with the same email are claimed only after the email is verified", async () => {
    const email = `guest${Date.now()}@example.com`;
    const guestNumber = await placeOrder("", email);
    const { cookie } = await signUpAndSignIn({ name: "Gus", email, password: "a good long password" });
    expect((await get("/account", { headers: { Cookie: cookie } })).html).not.toContain(guestNumber);
    await env.DB.prepare("UPDATE users SET email_verified_at = ? WHERE email = ?")
      .bind(new Date().toISOString(), email)
      .run();
    expect((await get("/account", { headers: { Cookie: cookie } })).html).toContain(guestNumber);
  });

  it("sends a signed-out visitor to sign in, and back afterwards", async () => {
    const { response } = await get("/account/orders/BB-AAAAAA", { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount%2Forders%2FBB-AAAAAA");
  });
});

describe("sign out everywhere", () => {
  it("ends this and every other session of the account", async () => {
    const email = `everywhere${Date.now()}@example.com`;
    const { cookie: first } = await signUpAndSignIn({ name: "Eve", email, password: "a good long password" });
    const second = cookieFrom((await postForm("/login", { email, password: "a good long password" })).response);
    const result = await postForm("/account", { intent: "sign-out-everywhere" }, second);
    expect(result.response.status).toBe(303);
    for (const cookie of [first, second]) {
      const { response } = await get("/account", { headers: { Cookie: cookie }, redirect: "manual" });
      expect(response.status).toBe(302);
    }
  });
});
