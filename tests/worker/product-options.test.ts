import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { changeBasket } from "../../app/modules/cart/basket.server";
import { reserveOrder } from "../../app/modules/orders/reserve-order.server";
import { cookieFrom, get, noticeOf, postForm, signedInAs, testContext } from "./helpers";
import { details, product } from "./orders-helpers";

const CAKE = "carrot-cake";

async function optionIds(productId: number) {
  const rows = await env.DB.prepare(
    `SELECT o.name AS option, v.id, v.label FROM product_options o LEFT JOIN product_option_values v ON v.option_id = o.id
     WHERE o.product_id = ? ORDER BY o.position, v.position`,
  )
    .bind(productId)
    .all<{ option: string; id: number | null; label: string | null }>();
  return rows.results;
}

/** The carrot cake, given a Size (6" at the base price, 8" for £8 more) and a message, through the admin. */
async function cakeWithOptions() {
  const admin = await signedInAs("admin");
  const { id } = await product(CAKE);
  if ((await optionIds(id)).length > 0) return { id, admin, ...(await sizes(id)) };
  const page = `/admin/products/${id}/options`;
  expect(
    (await postForm(page, { intent: "option-add", name: "Size", kind: "choice" }, admin.cookie)).response.status,
  ).toBe(303);
  const sizeOption = await env.DB.prepare("SELECT id FROM product_options WHERE product_id = ? AND name = 'Size'")
    .bind(id)
    .first<number>("id");
  for (const [label, priceDelta] of [
    ["6 inch", ""],
    ["8 inch", "8.00"],
  ]) {
    const added = await postForm(
      page,
      { intent: "value-add", optionId: String(sizeOption), label, priceDelta },
      admin.cookie,
    );
    expect(added.response.status).toBe(303);
  }
  const message = await postForm(
    page,
    { intent: "option-add", name: "Message on the cake", kind: "message" },
    admin.cookie,
  );
  expect(await noticeOf(message.response)).toBe('"Message on the cake" added.');
  return { id, admin, ...(await sizes(id)) };
}

async function sizes(productId: number) {
  const rows = await optionIds(productId);
  return {
    six: rows.find((row) => row.label === "6 inch")?.id ?? 0,
    eight: rows.find((row) => row.label === "8 inch")?.id ?? 0,
  };
}

describe("product options", () => {
  it("are set up by an admin, audited, within their limits, and shown on the product page", async () => {
    const { id, admin } = await cakeWithOptions();
    const page = `/admin/products/${id}/options`;
    const audit = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE entity = 'product' AND entity_id = ? AND action LIKE 'option%' ORDER BY id",
    )
      .bind(id)
      .all<{ action: string }>();
    expect(audit.results.map((row) => row.action)).toEqual([
      "option-add",
      "option-value-add",
      "option-value-add",
      "option-add",
    ]);
    const secondMessage = await postForm(page, { intent: "option-add", name: "Card", kind: "message" }, admin.cookie);
    expect(secondMessage.response.status).toBe(409);
    expect(secondMessage.html).toContain("It already takes a message.");
    const badPrice = await postForm(
      page,
      { intent: "value-add", optionId: "1", label: "12 inch", priceDelta: "lots" },
      admin.cookie,
    );
    expect(badPrice.response.status).toBe(400);
    expect(badPrice.html).toContain("Enter what it adds in pounds and pence, like 6.00");
    const staff = await signedInAs("staff");
    expect((await get(page, { headers: { Cookie: staff.cookie } })).response.status).toBe(403);

    const { html } = await get(`/products/${CAKE}`);
    expect(html).toContain('<select id="option-');
    expect(html).toContain("8 inch (+£8.00)");
    expect(html).toMatch(/<input id="option-\d+" maxLength="60"[^>]*name="message"/);
  });

  it("go into the basket as their own lines, priced with what they add, with a message", async () => {
    const { id, six, eight } = await cakeWithOptions();
    const first = await postForm("/basket", {
      intent: "add",
      productId: id,
      quantity: 1,
      choices: String(eight),
      message: "Happy birthday, Ada",
    });
    const cookie = cookieFrom(first.response);
    expect(first.response.status).toBe(303);
    await postForm("/basket", { intent: "add", productId: id, quantity: 2, choices: String(six) }, cookie);
    const { html } = await get("/basket", { headers: { Cookie: cookie } });
    const text = html.replaceAll("<!-- -->", "").replaceAll("&quot;", '"');
    expect(text).toContain("Size: 8 inch");
    expect(text).toContain("Message: “Happy birthday, Ada”");
    expect(text).toContain("Size: 6 inch");
    const { price } = (await env.DB.prepare("SELECT price_pence AS price FROM products WHERE id = ?")
      .bind(id)
      .first<{ price: number }>()) ?? { price: 0 };
    expect(text).toContain(`Subtotal (3 items)`);
    expect(text).toContain(`£${((price * 3 + 800) / 100).toFixed(2)}`);
  });

  it("refuses a missing choice, another product's value, a message it can't take, or one with control characters", async () => {
    const { id, eight } = await cakeWithOptions();
    const noSize = await postForm("/basket", { intent: "add", productId: id, quantity: 1 });
    expect(noSize.response.status).toBe(400);
    expect(noSize.html).toContain("Choose a size");
    const control = await postForm("/basket", {
      intent: "add",
      productId: id,
      quantity: 1,
      choices: String(eight),
      message: "Hi\u0007there",
    });
    expect(control.response.status).toBe(400);
    const loaf = await product("danish-rye");
    const stray = await postForm("/basket", { intent: "add", productId: loaf.id, quantity: 1, choices: String(eight) });
    expect(stray.response.status).toBe(400);
    expect(stray.html).toContain("Choose from the options shown");
    const messageOnLoaf = await postForm("/basket", {
      intent: "add",
      productId: loaf.id,
      quantity: 1,
      message: "Hello",
    });
    expect(messageOnLoaf.response.status).toBe(400);
    expect(messageOnLoaf.html).toContain("This one can&#x27;t carry a message");
  });

  it("count together against the product's per-order maximum", async () => {
    const { id, six, eight } = await cakeWithOptions();
    const ctx = testContext();
    const basketId = crypto.randomUUID();
    await env.DB.prepare("UPDATE products SET max_per_order = 3 WHERE id = ?").bind(id).run();
    await changeBasket(ctx, basketId, { intent: "add", productId: id, quantity: 2, choices: [six] });
    const second = await changeBasket(ctx, basketId, { intent: "add", productId: id, quantity: 5, choices: [eight] });
    expect(second).toEqual({ ok: true, quantity: 1, limitedTo: 3 });
    await env.DB.prepare("UPDATE products SET max_per_order = 12 WHERE id = ?").bind(id).run();
  });

  it("are snapshotted on the order line (name, price, message) and shown to the bake room", async () => {
    const { id, eight } = await cakeWithOptions();
    const ctx = testContext();
    const basketId = crypto.randomUUID();
    await changeBasket(ctx, basketId, {
      intent: "add",
      productId: id,
      quantity: 1,
      choices: [eight],
      message: "Congratulations Sam",
    });
    const slot = details({ slotDate: "2043-03-21", slotTime: "10:00" });
    // A far Saturday, planned for the test like any bake day.
    await env.DB.prepare("INSERT INTO bake_overrides (product_id, date, quantity) VALUES (?, '2043-03-21', 5)")
      .bind(id)
      .run();
    const reserved = await reserveOrder(ctx, basketId, slot);
    if (!reserved.ok) throw new Error(reserved.reason);
    const line = await env.DB.prepare("SELECT name, unit_price_pence, message FROM order_items WHERE order_id = ?")
      .bind(reserved.order.id)
      .first<{ name: string; unit_price_pence: number; message: string }>();
    const { price } = (await env.DB.prepare("SELECT price_pence AS price FROM products WHERE id = ?")
      .bind(id)
      .first<{ price: number }>()) ?? { price: 0 };
    expect(line).toEqual({
      name: "Carrot & Walnut Cake (Size: 8 inch)",
      unit_price_pence: price + 800,
      message: "Congratulations Sam",
    });
    await env.DB.prepare("UPDATE orders SET status = 'paid' WHERE id = ?").bind(reserved.order.id).run();
    const staff = await signedInAs("staff");
    const list = (await get("/admin/bake-list?date=2043-03-21", { headers: { Cookie: staff.cookie } })).html.replaceAll(
      "<!-- -->",
      "",
    );
    expect(list).toContain("1 × Carrot &amp; Walnut Cake (Size: 8 inch)");
    expect(list).toContain("Message: “Congratulations Sam”");
    const labels = (await get("/admin/bake-list/labels?date=2043-03-21", { headers: { Cookie: staff.cookie } })).html;
    expect(labels.replaceAll("<!-- -->", "")).toContain("Message: “Congratulations Sam”");
  });

  it("changing them takes the product out of baskets, so shoppers choose again", async () => {
    const { id, admin, six } = await cakeWithOptions();
    const basketId = crypto.randomUUID();
    await changeBasket(testContext(), basketId, { intent: "add", productId: id, quantity: 1, choices: [six] });
    const removed = await postForm(
      `/admin/products/${id}/options`,
      { intent: "value-remove", valueId: String(six) },
      admin.cookie,
    );
    expect(removed.response.status).toBe(303);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM basket_items WHERE basket_id = ?")
      .bind(basketId)
      .first();
    expect(left).toEqual({ n: 0 });
  });
});
