import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { loadBasket } from "../../app/modules/cart/basket.server";
import { readBasketId } from "../../app/modules/cart/basket-cookie.server";
import { startCheckout } from "../../app/modules/checkout/start-checkout.server";
import { findOrder } from "../../app/modules/orders/order-queries.server";
import { get, ORIGIN, postForm, signedInAs, testContext } from "./helpers";
import { bakedOn, deliverStripeEvent, details, orderRow, reservedOrder, sessionEvent } from "./orders-helpers";

const create = (cookie: string, fields: Record<string, string>) =>
  postForm("/admin/promotions", { intent: "create", kind: "percent", ...fields }, cookie);

const promotionRow = (code: string) =>
  env.DB.prepare("SELECT * FROM promotions WHERE code = ?")
    .bind(code)
    .first<{ id: number; active: number; stripe_coupon_id: string; stripe_promotion_code_id: string }>();

/** A basket (by its cookie) holding a loaf and what the shop's basket page says about it. */
async function basketWith(slug = "country-sourdough", quantity = 2) {
  const id = await env.DB.prepare("SELECT id FROM products WHERE slug = ?").bind(slug).first<number>("id");
  const added = await postForm("/basket", { intent: "add", productId: String(id), quantity: String(quantity) });
  const cookie = added.response.headers.get("Set-Cookie")?.split(";")[0] ?? "";
  return { cookie };
}

/** The basket id its signed cookie holds, read as the shop reads it. */
async function basketIdOf(cookie: string): Promise<string> {
  const id = await readBasketId(testContext().env, new Request(ORIGIN, { headers: { Cookie: cookie } }));
  if (!id) throw new Error("no basket cookie");
  return id;
}

async function stripeSession(paymentUrl: string) {
  const id = paymentUrl.split("/").at(-1);
  return (await (await fetch(`${env.STANDIN_URL}/v1/checkout/sessions/${id}`)).json()) as Record<string, unknown>;
}

describe("promotion codes", () => {
  it("an admin creates one: set up at Stripe as a coupon and a code; a taken code or a bad percentage is refused by its field", async () => {
    const admin = await signedInAs("admin");
    const made = await create(admin.cookie, { code: "spring-10", percentOff: "10" });
    expect(made.response.status).toBe(303);
    const row = await promotionRow("SPRING-10");
    expect(row?.stripe_coupon_id).toMatch(/^coupon_/);
    expect(row?.stripe_promotion_code_id).toMatch(/^promo_/);
    expect((await get("/admin/promotions", { headers: { Cookie: admin.cookie } })).html).toContain("SPRING-10");

    const again = await create(admin.cookie, { code: "Spring-10", percentOff: "15" });
    expect(again.response.status).toBe(409);
    expect(again.html).toContain("That code is already in use: choose another");
    const bad = await create(admin.cookie, { code: "AUTUMN", percentOff: "150" });
    expect(bad.response.status).toBe(400);
    expect(bad.html).toContain("Enter a whole percentage from 1 to 100");
    expect(bad.html).toContain('value="AUTUMN"');
    const noAmount = await create(admin.cookie, { code: "FIVER", kind: "amount", amountOff: "" });
    expect(noAmount.html).toContain("Enter the amount off, like 5.00");

    for (const role of ["staff", "customer"] as const) {
      const user = await signedInAs(role);
      expect((await create(user.cookie, { code: "STAFF10", percentOff: "10" })).response.status).toBe(403);
    }
    expect(await promotionRow("STAFF10")).toBeNull();
  });

  it("a shopper applies one in the basket without JavaScript; an unknown code or a basket under its minimum is told why", async () => {
    const admin = await signedInAs("admin");
    await create(admin.cookie, { code: "LOAF20", percentOff: "20" });
    await create(admin.cookie, { code: "BIGSHOP", kind: "amount", amountOff: "5", minimumOrder: "50.00" });
    const { cookie } = await basketWith();

    const unknown = await postForm("/basket", { intent: "promotion", code: "nope-nope" }, cookie);
    expect(unknown.response.status).toBe(409);
    expect(unknown.html).toContain("We don&#x27;t recognise the code NOPE-NOPE");
    const under = await postForm("/basket", { intent: "promotion", code: "bigshop" }, cookie);
    expect(under.response.status).toBe(409);
    expect(under.html).toContain("The code BIGSHOP is for orders of £50.00 or more");

    const applied = await postForm("/basket", { intent: "promotion", code: "loaf20" }, cookie);
    expect(applied.response.status).toBe(303);
    const basket = await loadBasket(testContext(), await basketIdOf(cookie));
    expect(basket.promotionCode).toBe("LOAF20");
    const page = await get("/basket", { headers: { Cookie: cookie } });
    const expected = Math.round(basket.subtotalPence * 0.2);
    expect(page.html).toContain(`LOAF20: 20% off, about −£${(expected / 100).toFixed(2)} on this basket`);

    await postForm("/basket", { intent: "remove-promotion" }, cookie);
    expect((await loadBasket(testContext(), await basketIdOf(cookie))).promotionCode).toBeNull();
  });

  it("checkout sends the basket's code as discounts, or else allows codes on Stripe's page; never both", async () => {
    const admin = await signedInAs("admin");
    await create(admin.cookie, { code: "CHECKOUT15", percentOff: "15" });
    const ctx = testContext();

    const withCode = await basketWith();
    await postForm("/basket", { intent: "promotion", code: "checkout15" }, withCode.cookie);
    const checkout = details();
    await bakedOn("country-sourdough", checkout.slotDate);
    const started = await startCheckout(ctx, await basketIdOf(withCode.cookie), checkout, ORIGIN);
    if (!started.ok) throw new Error(started.message);
    const discounted = await stripeSession(started.paymentUrl);
    const subtotal = Number(discounted.amount_subtotal);
    expect(discounted.discounts).toEqual([
      {
        coupon: expect.stringMatching(/^coupon_/),
        promotion_code: (await promotionRow("CHECKOUT15"))?.stripe_promotion_code_id,
      },
    ]);
    expect(discounted.amount_total).toBe(subtotal - Math.round(subtotal * 0.15));
    expect(discounted.allow_promotion_codes).toBe(false);

    const without = await basketWith();
    const plain = await startCheckout(
      ctx,
      await basketIdOf(without.cookie),
      details({ slotDate: checkout.slotDate }),
      ORIGIN,
    );
    if (!plain.ok) throw new Error(plain.message);
    expect((await stripeSession(plain.paymentUrl)).allow_promotion_codes).toBe(true);

    // Stripe refuses both at once, and so does its stand-in.
    const both = await fetch(`${env.STANDIN_URL}/v1/checkout/sessions`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "mode=payment&allow_promotion_codes=true&discounts[0][promotion_code]=promo_x",
    });
    expect(both.status).toBe(400);
  });

  it("a code that ended after it went in the basket is refused at checkout, holding nothing", async () => {
    const admin = await signedInAs("admin");
    await create(admin.cookie, { code: "SHORTLIVED", percentOff: "10" });
    const { cookie } = await basketWith();
    await postForm("/basket", { intent: "promotion", code: "shortlived" }, cookie);
    const row = await promotionRow("SHORTLIVED");
    const stopped = await postForm("/admin/promotions", { intent: "stop", id: String(row?.id) }, admin.cookie);
    expect(stopped.response.status).toBe(303);
    expect((await promotionRow("SHORTLIVED"))?.active).toBe(0);

    const checkout = details();
    await bakedOn("country-sourdough", checkout.slotDate);
    const refused = await startCheckout(testContext(), await basketIdOf(cookie), checkout, ORIGIN);
    expect(refused).toMatchObject({ ok: false, status: 409 });
    expect(refused.ok ? "" : refused.message).toContain("The code SHORTLIVED has ended");
    const held = await env.DB.prepare("SELECT count(*) AS n FROM orders WHERE basket_id = ?")
      .bind(await basketIdOf(cookie))
      .first<number>("n");
    expect(held).toBe(0);
  });

  it("the paid order records Stripe's discount and code, its total is what was paid, and a code's last use is counted", async () => {
    const admin = await signedInAs("admin");
    await create(admin.cookie, { code: "ONCEONLY", kind: "amount", amountOff: "1.00", maxRedemptions: "1" });
    const row = await promotionRow("ONCEONLY");
    const order = await reservedOrder("country-sourdough", 2);
    const before = order.totalPence;
    const event = sessionEvent("checkout.session.completed", order, {
      amount_total: before - 100,
      total_details: { amount_discount: 100, amount_shipping: 0, amount_tax: 0 },
      discounts: [{ coupon: row?.stripe_coupon_id, promotion_code: row?.stripe_promotion_code_id }],
    });
    expect((await deliverStripeEvent(event)).status).toBe(200);
    const paid = await findOrder(testContext(), { id: order.id });
    expect(paid).toMatchObject({
      status: "paid",
      discountPence: 100,
      promotionCode: "ONCEONLY",
      totalPence: before - 100,
    });
    const page = await get(`/orders/${order.number}?token=${order.accessToken}`);
    expect(page.html).toContain("Discount (ONCEONLY)");

    // Used once of once: the basket now refuses it.
    const { cookie } = await basketWith();
    const used = await postForm("/basket", { intent: "promotion", code: "onceonly" }, cookie);
    expect(used.html).toContain("The code ONCEONLY has been used as often as it can be");
  });

  it("a payment whose discount is more than the order is not marked paid but flagged", async () => {
    const order = await reservedOrder("country-sourdough", 1);
    const event = sessionEvent("checkout.session.completed", order, {
      amount_total: 0,
      total_details: { amount_discount: order.totalPence + 500, amount_shipping: 0, amount_tax: 0 },
    });
    expect((await deliverStripeEvent(event)).status).toBe(200);
    expect(await orderRow(order.id)).toMatchObject({ status: "awaiting_payment", flag: "amount_mismatch" });
  });
});
