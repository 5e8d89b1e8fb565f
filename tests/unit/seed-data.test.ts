import { describe, expect, it } from "vitest";
import { ALLERGEN_IDS, DIETARY_TAG_IDS } from "../../app/lib/constants";
import { seedCategories, seedProducts } from "../../database/seed/catalog-data";

describe("demo bakery data", () => {
  it("has enough products and categories to browse", () => {
    expect(seedProducts.length).toBeGreaterThanOrEqual(24);
    expect(seedCategories.length).toBeGreaterThanOrEqual(5);
    for (const category of seedCategories) {
      expect(seedProducts.some((p) => p.category === category.slug)).toBe(true);
    }
  });

  it("uses unique URL-safe slugs and real categories", () => {
    const slugs = seedProducts.map((p) => p.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const p of seedProducts) {
      expect(p.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(seedCategories.map((c) => c.slug)).toContain(p.category);
    }
  });

  it("prices in whole pence and only regulated allergens and known tags", () => {
    for (const p of seedProducts) {
      expect(Number.isInteger(p.pricePence) && p.pricePence > 0).toBe(true);
      expect(Number.isInteger(p.bakedPerDay) && p.bakedPerDay >= 0).toBe(true);
      for (const a of p.allergens) expect(ALLERGEN_IDS).toContain(a);
      for (const d of p.dietaryTags) expect(DIETARY_TAG_IDS).toContain(d);
    }
  });

  it("never labels a product with its own allergen as free from it", () => {
    for (const p of seedProducts) {
      if (p.dietaryTags.includes("gluten-free")) expect(p.allergens).not.toContain("gluten");
      if (p.dietaryTags.includes("dairy-free") || p.dietaryTags.includes("vegan"))
        expect(p.allergens).not.toContain("milk");
      if (p.dietaryTags.includes("vegan")) expect(p.allergens).not.toContain("eggs");
      if (p.dietaryTags.includes("nut-free")) {
        expect(p.allergens).not.toContain("nuts");
        expect(p.allergens).not.toContain("peanuts");
      }
      // Ingredients that name an allergen's source must declare it.
      if (/\b(wheat|rye|spelt|barley|oats)\b/i.test(p.ingredients)) expect(p.allergens).toContain("gluten");
      if (/\bmilk\b|butter \(milk\)|cream cheese/i.test(p.ingredients)) expect(p.allergens).toContain("milk");
      if (/\beggs?\b|egg whites/i.test(p.ingredients)) expect(p.allergens).toContain("eggs");
      if (/sesame/i.test(p.ingredients)) expect(p.allergens).toContain("sesame");
    }
  });
});
