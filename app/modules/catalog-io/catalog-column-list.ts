/**
 * The catalogue CSV's columns (decision 033), with nothing imported: the catalogue script (plain
 * Node) reads them too. What each row means is in catalog-columns.ts.
 */
export const WEEKDAY_COLUMNS = [
  "baked_mon",
  "baked_tue",
  "baked_wed",
  "baked_thu",
  "baked_fri",
  "baked_sat",
  "baked_sun",
] as const;
/** JavaScript's getUTCDay() of each weekday column (Sunday is 0). */
export const WEEKDAY_OF_COLUMN = [1, 2, 3, 4, 5, 6, 0] as const;

export const CATALOG_COLUMNS = [
  {
    name: "slug",
    help: "The product's web address (/products/slug): how a row finds its product. Lower-case letters, digits, dashes.",
  },
  { name: "name", help: "The product's name." },
  { name: "category", help: "The category's name; a new name makes a new category." },
  { name: "status", help: "active (on sale), draft or archived." },
  { name: "price", help: "In pounds and pence, like 4.80." },
  { name: "summary", help: "One line for product cards." },
  { name: "description", help: "The product page's text." },
  { name: "ingredients", help: "Ingredients, allergens in capitals as on the label." },
  { name: "allergens", help: "Allergen ids separated by semicolons (gluten;milk;eggs)." },
  { name: "dietary", help: "Dietary tags separated by semicolons (vegan;vegetarian)." },
  { name: "weight_grams", help: "Weight in grams, or empty." },
  { name: "size_label", help: "Size as shown (Large loaf), or empty." },
  { name: "max_per_order", help: "The most one order may hold." },
  {
    name: "notice_minutes",
    help: "How long before its bake day orders close: 360, 720, 1800, 2880, 4320, 10080 or 20160.",
  },
  { name: "sell_from", help: "First bake day of a seasonal bake (2026-12-01), or empty." },
  { name: "sell_until", help: "Last bake day of a seasonal bake, or empty." },
  { name: "shelf_life_days", help: "Days it keeps after its bake day (the label's best-before)." },
  { name: "vat", help: "zero, reduced or standard (decision 028)." },
  { name: "featured", help: "yes to show it on the home page." },
  ...WEEKDAY_COLUMNS.map((name) => ({ name, help: "How many are baked on this weekday (0 or empty: not baked)." })),
  {
    name: "options",
    help: 'Its options as JSON, e.g. [{"name":"Size","kind":"choice","plannedApart":true,"values":[{"label":"6 inch","price":"0.00"}]}]; empty for none.',
  },
  { name: "photo", help: "The photo's file name in the photos folder, or empty." },
  { name: "version", help: "The version exported; leave it as it is. Empty for a new product." },
] as const;

export type CatalogColumn = (typeof CATALOG_COLUMNS)[number]["name"];
export type CatalogRecord = Record<CatalogColumn, string>;
export const CATALOG_COLUMN_NAMES = CATALOG_COLUMNS.map((column) => column.name) as CatalogColumn[];
