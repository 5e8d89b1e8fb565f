import { describe, expect, it } from "vitest";
import { buildFtsQuery, parseShopFilters } from "../../app/modules/catalog/filters";
import { shopHref } from "../../app/modules/catalog/shop-url";

const parse = (query: string) => parseShopFilters(new URLSearchParams(query));

describe("parseShopFilters", () => {
  it("gives defaults for an empty query", () => {
    expect(parse("")).toEqual({ q: "", category: null, diet: [], freeFrom: [], sort: "featured", page: 1 });
  });

  it("keeps known values, drops unknown ones, de-duplicates and orders", () => {
    expect(parse("diet=vegan&diet=paleo&diet=vegan&free-from=sesame&free-from=gluten&free-from=gravel")).toMatchObject({
      diet: ["vegan"],
      freeFrom: ["gluten", "sesame"],
    });
  });

  it("falls back on a bad sort, page or category rather than failing", () => {
    expect(parse("sort=cheapest&page=abc&category=../etc")).toMatchObject({
      sort: "featured",
      page: 1,
      category: null,
    });
    expect(parse("page=0").page).toBe(1);
    expect(parse("page=3").page).toBe(3);
  });

  it("trims and caps the search text", () => {
    expect(parse(`q=${"a".repeat(500)}`).q).toHaveLength(100);
    expect(parse("q=%20%20rye%20").q).toBe("rye");
  });
});

describe("shopHref", () => {
  it("round-trips filters through a canonical URL", () => {
    const filters = parse("sort=name&diet=vegan&q=rye&category=sourdough&free-from=milk&page=2");
    const href = shopHref(filters);
    expect(href).toBe("/shop?q=rye&category=sourdough&diet=vegan&free-from=milk&sort=name&page=2");
    expect(parse(href.split("?")[1] ?? "")).toEqual(filters);
  });

  it("leaves defaults out", () => {
    expect(shopHref(parse(""))).toBe("/shop");
    expect(shopHref(parse("page=4"), { page: 1 })).toBe("/shop");
  });
});

describe("buildFtsQuery", () => {
  it("makes every word a required prefix match", () => {
    expect(buildFtsQuery("Sourdough Rye")).toBe('"sourdough"* "rye"*');
  });

  it("neutralises FTS5 syntax and quotes", () => {
    expect(buildFtsQuery('sour* OR "rye" NEAR(x) -wheat')).toBe('"sour"* "or"* "rye"* "near"* "x"* "wheat"*');
  });

  it("keeps accented letters for the tokenizer to fold", () => {
    expect(buildFtsQuery("crème brûlée")).toBe('"crème"* "brûlée"*');
  });

  it("returns null when nothing searchable is left", () => {
    expect(buildFtsQuery("  -- ** ")).toBeNull();
  });
});
