import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CATALOG_COLUMNS,
  type CatalogRecord,
  catalogRecord,
  changedColumns,
  parseCatalogRecord,
} from "../../app/modules/catalog-io/catalog-columns";

const loaf: CatalogRecord = {
  slug: "rye-loaf",
  name: "Rye Loaf",
  category: "Rye",
  status: "active",
  price: "4.50",
  summary: "Dark and dense.",
  description: "Line one.\nLine two.",
  ingredients: "RYE flour, water, salt.",
  allergens: "gluten",
  dietary: "vegan;vegetarian",
  weight_grams: "800",
  size_label: "",
  max_per_order: "6",
  notice_minutes: "360",
  sell_from: "",
  sell_until: "",
  shelf_life_days: "4",
  vat: "zero",
  featured: "no",
  baked_mon: "0",
  baked_tue: "12",
  baked_wed: "12",
  baked_thu: "12",
  baked_fri: "12",
  baked_sat: "20",
  baked_sun: "0",
  options:
    '[{"name":"Sliced","kind":"choice","plannedApart":false,"values":[{"label":"Whole","price":"0.00"},{"label":"Sliced","price":"0.20"}]}]',
  photo: "rye-loaf.jpg",
  version: "3",
};

describe("the catalogue CSV's columns", () => {
  it("a row reads as a product and writes back as the same row", () => {
    const parsed = parseCatalogRecord(loaf);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.version).toBe(3);
    expect(parsed.product).toMatchObject({ pricePence: 450, baked: [0, 12, 12, 12, 12, 20, 0], featured: false });
    expect(catalogRecord(parsed.product, 3)).toEqual(loaf);
  });

  it("names every problem by its column, in the product form's own words", () => {
    const parsed = parseCatalogRecord({
      ...loaf,
      name: "",
      price: "£4.50p",
      allergens: "gluten;pollen",
      notice_minutes: "17",
      baked_sat: "lots",
      options: "{not json",
      featured: "maybe",
      photo: "../../etc/passwd",
      category: "",
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const columns = parsed.errors.map((error) => error.column).sort();
    expect(columns).toEqual(
      ["allergens", "baked_sat", "category", "featured", "name", "notice_minutes", "options", "photo", "price"].sort(),
    );
    expect(parsed.errors.find((error) => error.column === "price")?.message).toBe(
      "Enter a price in pounds and pence, like 4.50",
    );
  });

  it("the diff names the columns that differ, never the photo or the version", () => {
    const a = parseCatalogRecord(loaf);
    const b = parseCatalogRecord({ ...loaf, price: "4.6", baked_sat: "24", photo: "other.jpg", version: "9" });
    if (!a.ok || !b.ok) throw new Error("both rows are valid");
    expect(changedColumns(b.product, a.product)).toEqual(["price", "baked_sat"]);
  });

  it("the README documents every column, in order, as the code declares it", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const rows = [...readme.matchAll(/^\| `([a-z_]+)` +\| ([^|]+?) +\|$/gm)].map((match) => [match[1], match[2]]);
    const documented = rows.filter(([name]) => CATALOG_COLUMNS.some((column) => column.name === name));
    expect(documented).toEqual(CATALOG_COLUMNS.map((column) => [column.name, column.help]));
  });
});
