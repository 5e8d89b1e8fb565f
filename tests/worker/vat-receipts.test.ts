import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { apportion, vatInGross } from "../../app/modules/vat/vat";
import { get, postForm, signedInAs } from "./helpers";
import { deliverStripeEvent, paidOrderOf, registerForVat } from "./orders-helpers";

beforeEach(async () => {
  await env.DB.prepare("UPDATE products SET vat_category = 'standard' WHERE slug = 'chocolate-brownies'").run();
});
afterEach(async () => {
  await registerForVat(null);
  await env.DB.prepare("UPDATE products SET vat_category = 'zero'").run();
});

const documentsOf = (orderId: number) =>
  env.DB.prepare("SELECT id, kind, refund_id, amount_pence FROM vat_documents WHERE order_id = ? ORDER BY id")
    .bind(orderId)
    .all<{ id: number; kind: string; refund_id: number; amount_pence: number }>()
    .then((r) => r.results);

const pounds = (pence: number) => `£${(pence / 100).toFixed(2)}`;

const price = async (slug: string) =>
  (await env.DB.prepare("SELECT price_pence FROM products WHERE slug = ?").bind(slug).first<number>("price_pence")) ??
  0;

describe("VAT receipts", () => {
  it("a bakery that is not VAT-registered issues none, and says why", async () => {
    const order = await paidOrderOf([
      ["chocolate-brownies", 3],
      ["country-sourdough", 1],
    ]);
    expect(await documentsOf(order.id)).toEqual([]);
    const rates = await env.DB.prepare("SELECT DISTINCT vat_rate_bps FROM order_items WHERE order_id = ?")
      .bind(order.id)
      .all<{ vat_rate_bps: number }>();
    expect(rates.results).toEqual([{ vat_rate_bps: 0 }]);
    const page = await get(`/orders/${order.number}/receipt?token=${order.accessToken}`);
    expect(page.response.status).toBe(404);
    expect(page.html).toContain("not VAT-registered");
    expect((await get(`/orders/${order.number}?token=${order.accessToken}`)).html).not.toContain("VAT receipt");
  });

  it("a registered bakery's paid order gets one numbered receipt, per-line VAT by rate, once however often Stripe says so", async () => {
    await registerForVat("GB123456789");
    const order = await paidOrderOf([
      ["chocolate-brownies", 3],
      ["country-sourdough", 1],
    ]);
    // The same event again: still one receipt.
    expect((await deliverStripeEvent(order.event)).status).toBe(200);
    const documents = await documentsOf(order.id);
    expect(documents).toEqual([
      { id: expect.any(Number), kind: "receipt", refund_id: 0, amount_pence: order.totalPence },
    ]);
    const lines = await env.DB.prepare(
      "SELECT vat_category, vat_rate_bps FROM order_items WHERE order_id = ? ORDER BY id",
    )
      .bind(order.id)
      .all();
    expect(lines.results).toEqual([
      { vat_category: "standard", vat_rate_bps: 2000 },
      { vat_category: "zero", vat_rate_bps: 0 },
    ]);
    // The rate changes later: the sold order keeps the rate it was sold at.
    await env.DB.prepare("UPDATE bakery_details SET vat_standard_rate_bps = 2500 WHERE id = 1").run();

    const { response, html } = await get(`/orders/${order.number}/receipt?token=${order.accessToken}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toContain("no-store");
    expect(html).toContain("VAT registration number GB123456789");
    const number = String(documents[0]?.id).padStart(6, "0");
    expect(html).toContain(`data-testid="document-number">${number}<`);
    const brownies = (await price("chocolate-brownies")) * 3;
    // £27.00 at 20% holds exactly £4.50 of VAT; the sourdough none.
    const browniesVat = Math.round(brownies / 6);
    expect(html).toContain(`data-testid="total-vat">${pounds(browniesVat)}<`);
    expect(html).toContain(`data-testid="total-gross">${pounds(order.totalPence)}<`);
    expect(html).toContain(`data-testid="total-net">${pounds(order.totalPence - browniesVat)}<`);
    expect(html).toContain("Standard rate 20%");
    expect(html).toContain("Zero-rated 0%");

    // The order page links to it.
    expect((await get(`/orders/${order.number}?token=${order.accessToken}`)).html).toContain(
      `/orders/${order.number}/receipt?token=${order.accessToken}`,
    );
  });

  it("opens only with the order's token or as the account that placed it", async () => {
    await registerForVat("GB123456789");
    const order = await paidOrderOf([
      ["chocolate-brownies", 3],
      ["country-sourdough", 1],
    ]);
    expect((await get(`/orders/${order.number}/receipt`)).response.status).toBe(404);
    expect((await get(`/orders/${order.number}/receipt?token=wrong`)).response.status).toBe(404);
    expect((await get(`/orders/BB-NOPE99/receipt?token=${order.accessToken}`)).response.status).toBe(404);

    const customer = await signedInAs("customer");
    const someoneElse = await get(`/orders/${order.number}/receipt`, { headers: { Cookie: customer.cookie } });
    expect(someoneElse.response.status).toBe(404);
    await env.DB.prepare("UPDATE orders SET user_id = ? WHERE id = ?").bind(customer.id, order.id).run();
    const owner = await get(`/orders/${order.number}/receipt`, { headers: { Cookie: customer.cookie } });
    expect(owner.response.status).toBe(200);
    expect((await get(`/account/orders/${order.number}`, { headers: { Cookie: customer.cookie } })).html).toContain(
      `/orders/${order.number}/receipt"`,
    );
  });

  it("a refund issues a credit note, once, with the VAT it takes back; another order's note is not found", async () => {
    await registerForVat("GB123456789");
    const order = await paidOrderOf([
      ["chocolate-brownies", 3],
      ["country-sourdough", 1],
    ]);
    const other = await paidOrderOf([
      ["chocolate-brownies", 3],
      ["country-sourdough", 1],
    ]);
    const { cookie } = await signedInAs("admin");
    await env.DB.prepare("UPDATE orders SET stripe_payment_intent_id = ? WHERE id = ?")
      .bind(`pi_test_${crypto.randomUUID().slice(0, 12)}`, order.id)
      .run();
    const review = await postForm(
      `/admin/orders/${order.number}`,
      { intent: "review-refund", amount: "10.00", reason: "Brownies were squashed" },
      cookie,
    );
    const key = review.html.match(/name="idempotencyKey" value="([0-9a-f-]{36})"/)?.[1] ?? "";
    const confirm = {
      intent: "refund",
      amountPence: "1000",
      reason: "Brownies were squashed",
      cancel: "no",
      idempotencyKey: key,
    };
    expect((await postForm(`/admin/orders/${order.number}`, confirm, cookie)).response.status).toBe(303);
    expect((await postForm(`/admin/orders/${order.number}`, confirm, cookie)).response.status).toBe(303);

    const documents = await documentsOf(order.id);
    expect(documents.map((d) => [d.kind, d.amount_pence])).toEqual([
      ["receipt", order.totalPence],
      ["credit_note", 1000],
    ]);
    const note = documents[1]?.id ?? 0;
    const { response, html } = await get(`/orders/${order.number}/credit-notes/${note}?token=${order.accessToken}`);
    expect(response.status).toBe(200);
    expect(html).toContain("Credit note");
    expect(html).toContain("Brownies were squashed");
    // £10 across the brownies (standard) and the sourdough (zero-rated), by what was paid at each.
    const brownies = (await price("chocolate-brownies")) * 3;
    const [standardShare = 0] = apportion(1000, [brownies, order.totalPence - brownies]);
    expect(html).toContain(`data-testid="total-gross">£10.00<`);
    expect(html).toContain(`data-testid="total-vat">${pounds(vatInGross(standardShare, 2000))}<`);
    // The receipt lists it.
    expect((await get(`/orders/${order.number}/receipt?token=${order.accessToken}`)).html).toContain(
      `/orders/${order.number}/credit-notes/${note}?token=${order.accessToken}`,
    );
    // Another order's token cannot open this order's note, nor this order's token another's.
    expect((await get(`/orders/${other.number}/credit-notes/${note}?token=${other.accessToken}`)).response.status).toBe(
      404,
    );
    expect((await get(`/orders/${order.number}/credit-notes/abc?token=${order.accessToken}`)).response.status).toBe(
      404,
    );
  });
});
