/**
 * The catalogue as a spreadsheet (decision 033): one row per product, its category by name, how
 * many are baked each weekday, its options (JSON), its photo's file name, and the version it was
 * exported at (optimistic concurrency). Export and import both go through these definitions, and
 * the README's table is checked against them.
 */
import { z } from "zod";
import { minorUnitsToDecimalString, parseMinorUnits } from "../../lib/money";
import { CONTROL_CHARACTER_MESSAGE, SINGLE_LINE_TEXT } from "../../lib/plain-text";
import { CATALOG_COLUMN_NAMES, type CatalogColumn, type CatalogRecord, WEEKDAY_COLUMNS } from "./catalog-column-list";

export * from "./catalog-column-list";

import { ProductFormSchema } from "../admin/product-forms";

const OptionValueSpec = z.object({
  label: z.string().trim().min(1).max(40).regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
  price: z
    .string()
    .regex(/^\d{1,4}(\.\d{2})?$/, "a value's price is pounds and pence, like 6.00")
    .default("0.00"),
});
const OptionSpec = z.object({
  name: z.string().trim().min(1).max(40).regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
  kind: z.enum(["choice", "message"]),
  plannedApart: z.boolean().default(false),
  values: z.array(OptionValueSpec).max(10).default([]),
});
export const OptionsSpec = z.array(OptionSpec).max(3);
export type OptionsSpec = z.infer<typeof OptionsSpec>;

/** A row as the shop compares and writes it; the same shape is built from the database. */
export type CatalogProduct = {
  slug: string;
  name: string;
  category: string;
  status: "draft" | "active" | "archived";
  pricePence: number;
  summary: string;
  description: string;
  ingredients: string;
  allergens: string[];
  dietaryTags: string[];
  weightGrams: number | null;
  sizeLabel: string | null;
  maxPerOrder: number;
  noticeMinutes: number;
  sellFrom: string | null;
  sellUntil: string | null;
  shelfLifeDays: number;
  vatCategory: "zero" | "reduced" | "standard";
  featured: boolean;
  /** Monday first, as the columns. */
  baked: number[];
  options: OptionsSpec;
  photo: string | null;
};

/** The columns a product's fields come from, for errors and the diff. */
const FIELD_COLUMN: Partial<Record<string, CatalogColumn>> = {
  name: "name",
  slug: "slug",
  price: "price",
  summary: "summary",
  description: "description",
  ingredients: "ingredients",
  allergens: "allergens",
  dietaryTags: "dietary",
  weightGrams: "weight_grams",
  sizeLabel: "size_label",
  maxPerOrder: "max_per_order",
  noticeMinutes: "notice_minutes",
  sellFrom: "sell_from",
  sellUntil: "sell_until",
  shelfLifeDays: "shelf_life_days",
  vatCategory: "vat",
  status: "status",
};

export type CellError = { column: CatalogColumn; message: string };

const list = (cell: string) =>
  cell
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean);

const categoryName = z
  .string()
  .trim()
  .min(1, "Name a category")
  .max(60, "Use 60 characters or fewer")
  .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE);

/**
 * One CSV row as a product, checked by the product form's own schema (the same rules and words as
 * Admin → Products), or every problem by its column.
 */
export function parseCatalogRecord(
  record: Partial<CatalogRecord>,
): { ok: true; product: CatalogProduct; version: number | null } | { ok: false; errors: CellError[] } {
  const cell = (name: CatalogColumn) => (record[name] ?? "").trim();
  const errors: CellError[] = [];
  const form = ProductFormSchema.safeParse({
    name: cell("name"),
    slug: cell("slug") || undefined,
    categoryId: 1,
    price: cell("price"),
    summary: cell("summary"),
    description: record.description ?? "",
    ingredients: record.ingredients ?? "",
    allergens: list(cell("allergens")),
    dietaryTags: list(cell("dietary")),
    weightGrams: cell("weight_grams") || undefined,
    sizeLabel: cell("size_label"),
    maxPerOrder: cell("max_per_order") || undefined,
    noticeMinutes: cell("notice_minutes") || undefined,
    sellFrom: cell("sell_from") || undefined,
    sellUntil: cell("sell_until") || undefined,
    shelfLifeDays: cell("shelf_life_days") || undefined,
    vatCategory: cell("vat") || undefined,
    featured: ["yes", "true", "1"].includes(cell("featured").toLowerCase()) ? "on" : undefined,
    status: cell("status") || undefined,
  });
  if (!form.success) {
    for (const issue of form.error.issues) {
      const column = FIELD_COLUMN[String(issue.path[0])] ?? "name";
      if (!errors.some((error) => error.column === column)) errors.push({ column, message: issue.message });
    }
  }
  if (!cell("slug")) errors.push({ column: "slug", message: "Give each product its web address (slug)" });
  if (!["", "yes", "no", "true", "false", "1", "0"].includes(cell("featured").toLowerCase())) {
    errors.push({ column: "featured", message: "Write yes or no" });
  }
  const category = categoryName.safeParse(cell("category"));
  if (!category.success)
    errors.push({ column: "category", message: category.error.issues[0]?.message ?? "Name a category" });
  const baked = WEEKDAY_COLUMNS.map((column) => {
    const value = cell(column);
    if (value === "") return 0;
    if (!/^\d{1,4}$/.test(value)) {
      errors.push({ column, message: "A whole number from 0 to 9999" });
      return 0;
    }
    return Number(value);
  });
  let options: OptionsSpec = [];
  if (cell("options")) {
    try {
      const parsed = OptionsSpec.safeParse(JSON.parse(cell("options")));
      if (parsed.success) options = parsed.data;
      else
        errors.push({
          column: "options",
          message: `Options: ${parsed.error.issues[0]?.message ?? "not as described"}`,
        });
    } catch {
      errors.push({ column: "options", message: "Options must be JSON, as the export writes them" });
    }
    if (options.filter((option) => option.plannedApart).length > 1) {
      errors.push({ column: "options", message: "Only one option can be planned apart" });
    }
  }
  const photo = cell("photo");
  if (photo && !/^[\w.-]{1,120}\.(jpe?g|png|webp|avif)$/i.test(photo)) {
    errors.push({ column: "photo", message: "A file name in the photos folder, ending .jpg, .png, .webp or .avif" });
  }
  const version = cell("version");
  if (version && !/^\d{1,9}$/.test(version))
    errors.push({ column: "version", message: "Leave the exported version as it was" });
  if (errors.length > 0 || !form.success || !category.success) return { ok: false, errors };
  const value = form.data;
  return {
    ok: true,
    version: version ? Number(version) : null,
    product: {
      slug: cell("slug"),
      name: value.name,
      category: category.data,
      status: value.status,
      pricePence: parseMinorUnits(value.price) ?? 0,
      summary: value.summary,
      description: value.description,
      ingredients: value.ingredients,
      allergens: [...value.allergens].sort(),
      dietaryTags: [...value.dietaryTags].sort(),
      weightGrams: value.weightGrams ?? null,
      sizeLabel: value.sizeLabel || null,
      maxPerOrder: value.maxPerOrder,
      noticeMinutes: value.noticeMinutes,
      sellFrom: value.sellFrom ?? null,
      sellUntil: value.sellUntil ?? null,
      shelfLifeDays: value.shelfLifeDays,
      vatCategory: value.vatCategory,
      featured: value.featured === "on",
      baked,
      options,
      photo: photo || null,
    },
  };
}

/** A product as its CSV row (the export). */
export function catalogRecord(product: CatalogProduct, version: number | null): CatalogRecord {
  const record: Partial<CatalogRecord> = {
    slug: product.slug,
    name: product.name,
    category: product.category,
    status: product.status,
    price: minorUnitsToDecimalString(product.pricePence),
    summary: product.summary,
    description: product.description,
    ingredients: product.ingredients,
    allergens: product.allergens.join(";"),
    dietary: product.dietaryTags.join(";"),
    weight_grams: product.weightGrams === null ? "" : String(product.weightGrams),
    size_label: product.sizeLabel ?? "",
    max_per_order: String(product.maxPerOrder),
    notice_minutes: String(product.noticeMinutes),
    sell_from: product.sellFrom ?? "",
    sell_until: product.sellUntil ?? "",
    shelf_life_days: String(product.shelfLifeDays),
    vat: product.vatCategory,
    featured: product.featured ? "yes" : "no",
    options: product.options.length > 0 ? JSON.stringify(product.options) : "",
    photo: product.photo ?? "",
    version: version === null ? "" : String(version),
  };
  WEEKDAY_COLUMNS.forEach((column, index) => {
    record[column] = String(product.baked[index] ?? 0);
  });
  return record as CatalogRecord;
}

/** What the diff compares, by column: every column but the photo (synced by its hash) and the version. */
export function changedColumns(csv: CatalogProduct, shop: CatalogProduct): CatalogColumn[] {
  const a = catalogRecord(csv, null);
  const b = catalogRecord(shop, null);
  return CATALOG_COLUMN_NAMES.filter((column) => column !== "photo" && column !== "version" && a[column] !== b[column]);
}
