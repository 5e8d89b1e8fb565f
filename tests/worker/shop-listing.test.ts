import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SHOP_PAGE_SIZE } from "../../app/lib/constants";
import { seedProducts } from "../../database/seed/catalog-data";
import { get, productNames, retireCatalogCache } from "./helpers";

const active = seedProducts;
const names = (predicate: (p: (typeof seedProducts)[number]) => boolean) => active.filter(predicate).map((p) => p.name);

async function allPages(query: string): Promise<string[]> {
  const found: string[] = [];
  for (let page = 1; page < 10; page++) {
    const { html } = await get(`/shop?${query}${query ? "&" : ""}page=${page}`);
    const onPage = productNames(html);
    if (onPage.length === 0) break;
    found.push(...onPage);
  }
  return found;
}

describe("/shop filters", () => {
  it("filters by category", async () => {
    const { response, html } = await get("/shop?category=pastries");
    expect(response.status).toBe(200);
    expect(productNames(html).sort()).toEqual(names((p) => p.category === "pastries").sort());
  });

  it("filters by dietary tag", async () => {
    const found = await allPages("diet=vegan");
    expect(found.sort()).toEqual(names((p) => p.dietaryTags.includes("vegan")).sort());
    expect(found).not.toContain("Butter Croissant");
  });

  it("requires every chosen dietary tag", async () => {
    const found = await allPages("diet=vegan&diet=gluten-free");
    expect(found).toEqual(["Gluten-free Brown Loaf"]);
  });

  it("excludes products containing any chosen allergen", async () => {
    const found = await allPages("free-from=gluten&free-from=milk");
    const expected = names((p) => !p.allergens.includes("gluten") && !p.allergens.includes("milk"));
    expect(expected.length).toBeGreaterThan(0);
    expect(found.sort()).toEqual(expected.sort());
  });

  it("combines category, diet and free-from", async () => {
    const { html } = await get("/shop?category=biscuits&diet=vegan&free-from=milk");
    expect(productNames(html)).toEqual(["Peanut Butter Cookies (4)"]);
  });

  it("sorts by price both ways", async () => {
    const ascending = await allPages("sort=price-asc");
    const byPrice = [...active].sort((a, b) => a.pricePence - b.pricePence);
    expect(ascending[0]).toBe(byPrice[0]?.name);
    expect(ascending.at(-1)).toBe(byPrice.at(-1)?.name);
    const descending = await allPages("sort=price-desc");
    expect(descending[0]).toBe(byPrice.at(-1)?.name);
  });

  it("sorts by name", async () => {
    const found = await allPages("sort=name");
    expect(found).toEqual([...found].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
    expect(found).toHaveLength(active.length);
  });

  it("paginates with every product exactly once", async () => {
    const first = await get("/shop");
    expect(productNames(first.html)).toHaveLength(SHOP_PAGE_SIZE);
    const pages = Math.ceil(active.length / SHOP_PAGE_SIZE);
    expect(first.html).toContain(`page 1 of ${pages}`);
    expect(first.html).toContain('rel="next"');
    const found = await allPages("");
    expect(new Set(found).size).toBe(active.length);
  });

  it("shows an empty page past the end, with the true total", async () => {
    const { response, html } = await get("/shop?page=99");
    expect(response.status).toBe(200);
    expect(productNames(html)).toEqual([]);
    expect(html).toContain(`${active.length} products`);
  });

  it("ignores unknown filter values instead of failing", async () => {
    const { response, html } = await get("/shop?diet=carnivore&free-from=kryptonite&sort=random&page=-3");
    expect(response.status).toBe(200);
    expect(productNames(html)).toHaveLength(SHOP_PAGE_SIZE);
  });

  it("hides draft and archived products", async () => {
    await env.DB.prepare("UPDATE products SET status = 'draft' WHERE slug = 'cardamom-bun'").run();
    try {
      await retireCatalogCache();
      const { html } = await get("/shop?category=enriched-and-buns&sort=name");
      expect(productNames(html)).not.toContain("Cardamom Bun");
    } finally {
      await env.DB.prepare("UPDATE products SET status = 'active' WHERE slug = 'cardamom-bun'").run();
      await retireCatalogCache();
    }
  });
});

describe("/shop search (FTS5)", () => {
  it("finds products by name", async () => {
    const { html } = await get("/shop?q=sourdough");
    const found = productNames(html);
    expect(found).toContain("Country Sourdough");
    expect(found).toContain("Seeded Sourdough");
    expect(found).not.toContain("Butter Croissant");
  });

  it("ranks name matches above mentions and matches word prefixes", async () => {
    const { html } = await get("/shop?q=croiss");
    const found = productNames(html);
    expect(found.slice(0, 2).sort()).toEqual(["Almond Croissant", "Butter Croissant"]);
  });

  it("searches descriptions and ingredients and needs every word", async () => {
    const { html } = await get("/shop?q=cardamom+knot");
    expect(productNames(html)).toEqual(expect.arrayContaining(["Cardamom Bun"]));
    const none = await get("/shop?q=cardamom+walnut");
    expect(productNames(none.html)).toEqual([]);
    expect(none.html).toContain("Nothing matches those choices.");
  });

  it("ignores accents and FTS syntax typed by a shopper", async () => {
    // "crème fraîche" is in the flourless chocolate cake's description.
    const plain = await get("/shop?q=creme+fraiche");
    expect(productNames(plain.html)).toEqual(["Flourless Chocolate Cake"]);
    const accented = await get(`/shop?q=${encodeURIComponent("CRÈME")}`);
    expect(productNames(accented.html)).toEqual(["Flourless Chocolate Cake"]);
    const hostile = await get(`/shop?q=${encodeURIComponent('sour* OR "rye NEAR( -')}`);
    expect(hostile.response.status).toBe(200);
  });

  it("combines search with filters", async () => {
    const { html } = await get("/shop?q=sourdough&diet=vegan&free-from=sesame");
    const found = productNames(html);
    expect(found).toContain("Country Sourdough");
    expect(found).not.toContain("Seeded Sourdough");
  });
});
