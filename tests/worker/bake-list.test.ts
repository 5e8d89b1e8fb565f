import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { allergensNotInIngredients, emphasiseAllergens } from "../../app/modules/production/labels";
import { get, signedInAs } from "./helpers";
import { product } from "./orders-helpers";

// Saturday 14 March 2043: far from every other test's orders.
const DAY = "2043-03-14";

async function order(
  status: string,
  slotTime: string,
  name: string,
  lines: [slug: string, quantity: number][],
  extra: { fulfilment?: string; address?: string; postcode?: string; phone?: string } = {},
) {
  const number = `BB-L${crypto.randomUUID().slice(0, 8)}`;
  const row = await env.DB.prepare(
    `INSERT INTO orders (number, access_token, email, name, phone, status, fulfilment, slot_date, slot_time, total_pence,
       subtotal_pence, reservation_expires_at, delivery_address, delivery_postcode)
     VALUES (?, 'x', 'a@example.com', ?, ?, ?, ?, ?, ?, 1000, 1000, '2043-01-01T00:00:00Z', ?, ?) RETURNING id`,
  )
    .bind(
      number,
      name,
      extra.phone ?? "",
      status,
      extra.fulfilment ?? "collection",
      DAY,
      slotTime,
      extra.address ?? null,
      extra.postcode ?? null,
    )
    .first<{ id: number }>();
  for (const [slug, quantity] of lines) {
    const { id } = await product(slug);
    await env.DB.prepare(
      `INSERT INTO order_items (order_id, product_id, name, unit_price_pence, quantity)
       SELECT ?, id, name, price_pence, ? FROM products WHERE id = ?`,
    )
      .bind(row?.id, quantity, id)
      .run();
  }
  return number;
}

describe("the bake list and labels", () => {
  it("adds up the day per product, then lists every order by slot, printable", async () => {
    const ada = await order(
      "paid",
      "08:00",
      "Ada Early",
      [
        ["country-sourdough", 2],
        ["cinnamon-bun", 3],
      ],
      {
        phone: "07700 900123",
      },
    );
    await order("paid", "10:00", "Ben Later", [["country-sourdough", 1]]);
    const bank = await order("awaiting_payment", "10:00", "Cy Transfer", [["country-sourdough", 4]]);
    await order("pending", "10:00", "Di Checkout", [["country-sourdough", 9]]);
    await order("paid", "delivery", "Eve Home", [["cinnamon-bun", 1]], {
      fulfilment: "delivery",
      address: "1 Mill Lane",
      postcode: "BS1 4DJ",
    });
    const staff = await signedInAs("staff");
    const { response, html } = await get(`/admin/bake-list?date=${DAY}`, { headers: { Cookie: staff.cookie } });
    expect(response.status).toBe(200);
    const text = html.replaceAll("<!-- -->", "");
    expect(text).toContain("Bake list: Saturday 14 March 2043");
    // Paid only in the first column; the bank transfer beside it; the plan after.
    const { daily } = await product("country-sourdough");
    expect(text).toMatch(new RegExp(`Country Sourdough</th><td[^>]*>3</td><td[^>]*>4</td><td[^>]*>${daily}</td>`));
    expect(text).toContain("Collection from 08:00");
    expect(text).toContain("Deliveries");
    expect(text).toContain(ada);
    expect(text).toContain("07700 900123");
    expect(text).toContain("2 × Country Sourdough");
    expect(text).toContain(bank);
    expect(text).toContain("Bank payment on its way");
    expect(text).toContain("Deliver to 1 Mill Lane, BS1 4DJ");
    expect(text).not.toContain("Di Checkout");
    expect(text).toContain('class="border-b border-crust-200 bg-white print:hidden"');
  });

  it("prints one label per paid item, allergens in bold, with weight and best-before", async () => {
    const staff = await signedInAs("staff");
    const { html } = await get(`/admin/bake-list/labels?date=${DAY}`, { headers: { Cookie: staff.cookie } });
    const labels = [...html.matchAll(/<li[^>]*h-\[67mm\][^>]*>(.*?)<\/li>/gs)].map((match) => match[1] ?? "");
    // 2 + 3 (Ada) + 1 (Ben) + 1 (Eve); the unpaid orders get none.
    expect(labels).toHaveLength(7);
    const loaf = labels.find((label) => label.includes("Country Sourdough")) ?? "";
    expect(loaf).toMatch(/<strong[^>]*>Wheat<\/strong>/);
    expect(loaf).toContain("Best before 16 Mar 2043");
    expect(loaf).toContain("Band of Bakers, 4 Mill Yard, Stokes Croft, Bristol BS1 3QY");
    const { weight } = (await env.DB.prepare(
      "SELECT weight_grams AS weight FROM products WHERE slug = 'country-sourdough'",
    ).first<{
      weight: number;
    }>()) ?? { weight: 0 };
    if (weight) expect(loaf).toContain(`${weight} g`);
  });

  it("is for staff", async () => {
    const customer = await signedInAs("customer");
    for (const path of [`/admin/bake-list?date=${DAY}`, `/admin/bake-list/labels?date=${DAY}`]) {
      expect((await get(path, { headers: { Cookie: customer.cookie } })).response.status).toBe(403);
    }
  });
});

describe("allergens on labels", () => {
  it("marks the words that name an allergen, whole words only", () => {
    expect(emphasiseAllergens("Wheat flour, water, butter, sesame seeds, buckwheat")).toEqual([
      { text: "Wheat", allergen: true },
      { text: " flour, water, ", allergen: false },
      { text: "butter", allergen: true },
      { text: ", ", allergen: false },
      { text: "sesame", allergen: true },
      { text: " seeds, buckwheat", allergen: false },
    ]);
  });

  it("states a declared allergen the ingredients do not name", () => {
    expect(allergensNotInIngredients("Flour, water, salt", ["gluten", "sesame"])).toEqual([
      "Cereals containing gluten",
      "Sesame",
    ]);
    expect(allergensNotInIngredients("Rye flour, sesame", ["gluten", "sesame"])).toEqual([]);
  });
});
