import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { get, retireCatalogCache } from "./helpers";
import { bakedOn, product, reservedOrder } from "./orders-helpers";

describe("/products/:slug", () => {
  it("shows price, its next bake day, allergens, dietary tags and Product JSON-LD", async () => {
    const { response, html } = await get("/products/seeded-sourdough");
    expect(response.status).toBe(200);
    expect(html).toContain("<title>Seeded Sourdough | Band of Bakers</title>");
    expect(html).toContain('<link rel="canonical" href="https://shop.test/products/seeded-sourdough"/>');
    expect(html).toContain("£5.40");
    expect(html).toMatch(/Next bake (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ \w+/);
    expect(html).toMatch(/Allergens<\/h2>.*Cereals containing gluten.*Sesame/s);
    expect(html).toContain("Vegan");

    const jsonLd = html.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)?.[1];
    const product = JSON.parse(jsonLd ?? "{}");
    expect(product).toMatchObject({
      "@type": "Product",
      name: "Seeded Sourdough",
      offers: { price: "5.40", priceCurrency: "GBP", availability: "https://schema.org/InStock" },
    });
  });

  it("shows a day nearly sold out, and a product not planned is not on sale", async () => {
    expect((await get("/products/olive-and-rosemary-sourdough")).html).toMatch(/>4 left for \w+ \d+ \w+/);
    const unplanned = await get("/products/almond-croissant");
    expect(unplanned.html).toContain("Not on sale soon");
    expect(unplanned.html).toContain("Not on sale for the coming days");
    expect(unplanned.html).not.toContain("Add to basket");
    expect(unplanned.html).toContain("https://schema.org/OutOfStock");
  });

  it("says so when a product has none of the 14 allergens", async () => {
    const { html } = await get("/products/gluten-free-brown-loaf");
    expect(html).toContain("Contains none of the 14 regulated allergens.");
  });

  it("answers an unknown product with the styled 404 page", async () => {
    const { response, html } = await get("/products/no-such-loaf");
    expect(response.status).toBe(404);
    expect(html).toContain("We couldn&#x27;t find that page");
    expect(html).toContain('href="/shop"');
  });

  it("does not show draft products", async () => {
    await env.DB.prepare(
      `INSERT INTO products (slug, name, category_id, price_pence, status)
       VALUES ('secret-recipe', 'Secret Recipe', (SELECT id FROM categories LIMIT 1), 100, 'draft')`,
    ).run();
    await retireCatalogCache();
    expect((await get("/products/secret-recipe")).response.status).toBe(404);
  });

  it("renders images with intrinsic size and a srcset", async () => {
    await env.DB.prepare(
      `INSERT INTO product_images (product_id, r2_key, alt, width, height, variants)
       VALUES ((SELECT id FROM products WHERE slug = 'spelt-sourdough'), 'products/spelt-0123456789abcdef-960.webp',
               'A spelt loaf', 960, 720,
               '[{"width":320,"key":"products/spelt-0123456789abcdef-320.webp"},{"width":960,"key":"products/spelt-0123456789abcdef-960.webp"}]')`,
    ).run();
    await retireCatalogCache();
    const { html } = await get("/products/spelt-sourdough");
    expect(html).toMatch(/<img[^>]+width="960"[^>]+height="720"/);
    expect(html).toContain(
      'srcSet="/media/products/spelt-0123456789abcdef-320.webp 320w, /media/products/spelt-0123456789abcdef-960.webp 960w"',
    );
  });
});

describe("unknown pages", () => {
  it("returns a styled 404 for any unknown path", async () => {
    const { response, html } = await get("/no/such/page");
    expect(response.status).toBe(404);
    expect(html).toContain("Browse the shop");
    expect(html).toContain('<meta name="robots" content="noindex"/>');
  });
});

describe("bake days on the product page", () => {
  it("lists the coming days with what is left, or why not, worked out at the pinned time", async () => {
    await bakedOn("challah", "2026-12-03", 0);
    const { daily: stock } = await product("challah");
    await reservedOrder("challah", 2, { slotDate: "2026-12-04", slotTime: "08:00" });
    const page = async (instant: string) =>
      (await get("/products/challah", { headers: { "X-Test-Now": instant } })).html.replaceAll("<!-- -->", "");
    const tuesday = await page("2026-12-01T09:00:00Z");
    expect(tuesday).toContain(`Wed 2 Dec</span>: ${stock} left`);
    expect(tuesday).toContain("Thu 3 Dec</span>: not baked");
    expect(tuesday).toContain(`Fri 4 Dec</span>: ${stock - 2} left`);
    // Sunday and Monday are not bake days: not listed.
    expect(tuesday).not.toContain("Sun 6 Dec");
    // After 18:00 on Tuesday, Wednesday's orders have closed.
    expect(await page("2026-12-01T18:30:00Z")).toContain("Wed 2 Dec</span>: orders closed Tue 1 Dec, 18:00");
  });
});
