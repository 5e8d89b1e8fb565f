import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { AllergenId, DietaryTagId, ProductStatus } from "../app/lib/constants";

const timestamps = {
  createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
};

export const categories = sqliteTable("categories", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  position: integer("position").notNull().default(0),
  ...timestamps,
});

export const products = sqliteTable(
  "products",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    summary: text("summary").notNull().default(""),
    description: text("description").notNull().default(""),
    ingredients: text("ingredients").notNull().default(""),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    pricePence: integer("price_pence").notNull(),
    currency: text("currency").notNull().default("GBP"),
    stock: integer("stock").notNull().default(0),
    status: text("status").$type<ProductStatus>().notNull().default("draft"),
    /** JSON array of allergen ids from ALLERGENS; the UK's regulated list. */
    allergens: text("allergens", { mode: "json" }).$type<AllergenId[]>().notNull().default(sql`'[]'`),
    /** JSON array of dietary tag ids from DIETARY_TAGS. */
    dietaryTags: text("dietary_tags", { mode: "json" }).$type<DietaryTagId[]>().notNull().default(sql`'[]'`),
    weightGrams: integer("weight_grams"),
    sizeLabel: text("size_label"),
    featured: integer("featured", { mode: "boolean" }).notNull().default(false),
    /** Bumped on every write; admin edits use it for optimistic concurrency. */
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index("products_status_category_idx").on(t.status, t.categoryId),
    index("products_status_created_idx").on(t.status, t.createdAt),
    check("products_price_non_negative", sql`${t.pricePence} >= 0`),
    check("products_stock_non_negative", sql`${t.stock} >= 0`),
    check("products_status_valid", sql`${t.status} IN ('draft', 'active', 'archived')`),
  ],
);

export const productImages = sqliteTable(
  "product_images",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** R2 key of the largest variant; content-addressed, so it never changes in place. */
    r2Key: text("r2_key").notNull(),
    alt: text("alt").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    /** JSON array of { width, key } for srcset, smallest first. */
    variants: text("variants", { mode: "json" }).$type<ImageVariant[]>().notNull().default(sql`'[]'`),
    position: integer("position").notNull().default(0),
    ...timestamps,
  },
  (t) => [index("product_images_product_idx").on(t.productId, t.position)],
);

export type ImageVariant = { width: number; key: string };

/**
 * One row: the catalogue's version. Every catalogue write bumps it in the same batch,
 * and the new value is copied to KV so cached pages keyed by the old version are never read again.
 */
export const catalogMeta = sqliteTable("catalog_meta", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull().default(1),
});

/** A visitor's basket, identified by a random id in a signed cookie. */
export const baskets = sqliteTable("baskets", {
  id: text("id").primaryKey(),
  ...timestamps,
});

export const basketItems = sqliteTable(
  "basket_items",
  {
    basketId: text("basket_id")
      .notNull()
      .references(() => baskets.id, { onDelete: "cascade" }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    addedAt: text("added_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [
    primaryKey({ columns: [t.basketId, t.productId] }),
    check("basket_items_quantity_positive", sql`${t.quantity} > 0`),
  ],
);
