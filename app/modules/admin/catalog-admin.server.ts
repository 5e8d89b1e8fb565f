import { data } from "react-router";
import type { AllergenId, DietaryTagId, ProductStatus } from "../../lib/constants";
import { parseMinorUnits } from "../../lib/money";
import { catalogChangeStatement, publishCatalogChange } from "../cache/catalog-changes.server";
import { slugify } from "../catalog/slug";
import type { RequestContext } from "../platform/request-context.server";
import type { ProductForm } from "./product-forms";

type CatalogAdminContext = Pick<RequestContext, "db" | "kv" | "env" | "logger">;

/** The fields staff edit, as stored; what the audit log records before and after. */
export type EditableProduct = {
  slug: string;
  name: string;
  categoryId: number;
  pricePence: number;
  summary: string;
  description: string;
  ingredients: string;
  allergens: AllergenId[];
  dietaryTags: DietaryTagId[];
  weightGrams: number | null;
  sizeLabel: string | null;
  featured: boolean;
  status: ProductStatus;
};

export type AdminProduct = EditableProduct & { id: number; stock: number; version: number; updatedAt: string };

const SELECT_PRODUCT = `SELECT id, slug, name, category_id AS categoryId, price_pence AS pricePence, summary, description,
  ingredients, allergens, dietary_tags AS dietaryTags, weight_grams AS weightGrams, size_label AS sizeLabel,
  featured, status, stock, version, updated_at AS updatedAt FROM products`;

type ProductRow = Omit<AdminProduct, "allergens" | "dietaryTags" | "featured"> & {
  allergens: string;
  dietaryTags: string;
  featured: number;
};

const fromRow = (row: ProductRow): AdminProduct => ({
  ...row,
  allergens: JSON.parse(row.allergens),
  dietaryTags: JSON.parse(row.dietaryTags),
  featured: Boolean(row.featured),
});

export async function getAdminProduct(ctx: Pick<RequestContext, "db">, id: number): Promise<AdminProduct | null> {
  const row = await ctx.db.$client.prepare(`${SELECT_PRODUCT} WHERE id = ?`).bind(id).first<ProductRow>();
  return row ? fromRow(row) : null;
}

/** The product an admin URL names (`/admin/products/:id`), or a 404 page. */
export async function findAdminProductOr404(ctx: Pick<RequestContext, "db">, id: string): Promise<AdminProduct> {
  const product = /^\d+$/.test(id) ? await getAdminProduct(ctx, Number(id)) : null;
  if (!product) throw data({ message: "No product with that id." }, { status: 404 });
  return product;
}

export type AdminProductRow = {
  id: number;
  slug: string;
  name: string;
  category: string;
  pricePence: number;
  stock: number;
  status: ProductStatus;
};

export async function listAdminProducts(
  ctx: Pick<RequestContext, "db">,
  filters: { q?: string; status?: ProductStatus },
): Promise<AdminProductRow[]> {
  const like = `%${(filters.q ?? "").toLowerCase().replace(/[%_\\]/g, "\\$&")}%`;
  const { results } = await ctx.db.$client
    .prepare(
      `SELECT p.id, p.slug, p.name, c.name AS category, p.price_pence AS pricePence, p.stock, p.status
       FROM products p JOIN categories c ON c.id = p.category_id
       WHERE (lower(p.name) LIKE ?1 ESCAPE '\\' OR p.slug LIKE ?1 ESCAPE '\\') AND (?2 IS NULL OR p.status = ?2)
       ORDER BY c.position, p.name`,
    )
    .bind(like, filters.status ?? null)
    .all<AdminProductRow>();
  return results;
}

/** The form's values as stored columns. */
export function editableFromForm(form: ProductForm): EditableProduct {
  return {
    slug: form.slug || slugify(form.name),
    name: form.name,
    categoryId: form.categoryId,
    pricePence: parseMinorUnits(form.price) ?? 0,
    summary: form.summary,
    description: form.description,
    ingredients: form.ingredients,
    allergens: form.allergens,
    dietaryTags: form.dietaryTags,
    weightGrams: form.weightGrams ?? null,
    sizeLabel: form.sizeLabel || null,
    featured: form.featured === "on",
    status: form.status,
  };
}

const pickEditable = (p: AdminProduct): EditableProduct => ({
  slug: p.slug,
  name: p.name,
  categoryId: p.categoryId,
  pricePence: p.pricePence,
  summary: p.summary,
  description: p.description,
  ingredients: p.ingredients,
  allergens: p.allergens,
  dietaryTags: p.dietaryTags,
  weightGrams: p.weightGrams,
  sizeLabel: p.sizeLabel,
  featured: p.featured,
  status: p.status,
});

const columnValues = (p: EditableProduct) => [
  p.slug,
  p.name,
  p.categoryId,
  p.pricePence,
  p.summary,
  p.description,
  p.ingredients,
  JSON.stringify(p.allergens),
  JSON.stringify(p.dietaryTags),
  p.weightGrams,
  p.sizeLabel,
  p.featured ? 1 : 0,
  p.status,
];

const isSlugTaken = (error: unknown) => String(error).includes("UNIQUE") && String(error).includes("slug");

export type CreateResult = { ok: true; id: number } | { ok: false; field: "slug" | "categoryId"; message: string };

export async function createProduct(
  ctx: CatalogAdminContext,
  actorId: number,
  product: EditableProduct,
  stock: number,
): Promise<CreateResult> {
  const db = ctx.db.$client;
  try {
    const results = await db.batch([
      db
        .prepare(
          `INSERT INTO products (slug, name, category_id, price_pence, summary, description, ingredients, allergens,
             dietary_tags, weight_grams, size_label, featured, status, stock)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        )
        .bind(...columnValues(product), stock),
      db
        .prepare(
          `INSERT INTO audit_log (entity, entity_id, action, actor_user_id, before, after)
           VALUES ('product', last_insert_rowid(), 'create', ?, NULL, ?)`,
        )
        .bind(actorId, JSON.stringify({ ...product, stock })),
      catalogChangeStatement(db),
    ]);
    await publishCatalogChange(ctx, results);
    const id = (results[0]?.results?.[0] as { id: number } | undefined)?.id;
    if (!id) throw new Error("product insert returned no id");
    return { ok: true, id };
  } catch (error) {
    if (isSlugTaken(error))
      return { ok: false, field: "slug", message: "Another product already uses this web address" };
    if (String(error).includes("FOREIGN KEY")) return { ok: false, field: "categoryId", message: "Choose a category" };
    throw error;
  }
}

export type SaveResult =
  | { ok: true }
  | { ok: false; reason: "conflict"; current: AdminProduct }
  | { ok: false; reason: "not-found" }
  | { ok: false; reason: "invalid"; field: "slug" | "categoryId"; message: string };

/**
 * Saves an edit only if the product is still at the version the editor opened; otherwise nothing is
 * written and the caller shows what changed. The change, its audit entry and the catalogue version
 * bump are one batch: the audit row is inserted only when the UPDATE changed a row.
 */
export async function saveProduct(
  ctx: CatalogAdminContext,
  actorId: number,
  id: number,
  expectedVersion: number,
  changes: Partial<EditableProduct>,
  action = "update",
): Promise<SaveResult> {
  const before = await getAdminProduct(ctx, id);
  if (!before) return { ok: false, reason: "not-found" };
  if (before.version !== expectedVersion) return { ok: false, reason: "conflict", current: before };
  const after = { ...pickEditable(before), ...changes };
  const db = ctx.db.$client;
  try {
    const [updated] = await db
      .batch([
        db
          .prepare(
            `UPDATE products SET slug = ?, name = ?, category_id = ?, price_pence = ?, summary = ?, description = ?,
             ingredients = ?, allergens = ?, dietary_tags = ?, weight_grams = ?, size_label = ?, featured = ?, status = ?,
             version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
           WHERE id = ? AND version = ?`,
          )
          .bind(...columnValues(after), id, expectedVersion),
        db
          .prepare(
            `INSERT INTO audit_log (entity, entity_id, action, actor_user_id, before, after)
           SELECT 'product', ?, ?, ?, ?, ? WHERE changes() = 1`,
          )
          .bind(id, action, actorId, JSON.stringify(pickEditable(before)), JSON.stringify(after)),
        catalogChangeStatement(db, { sql: "changes() = 1" }),
      ])
      .then(async (results) => {
        await publishCatalogChange(ctx, results);
        return results;
      });
    // meta.changes also counts the search index triggers' rows, so "more than none".
    if ((updated?.meta.changes ?? 0) > 0) return { ok: true };
  } catch (error) {
    if (isSlugTaken(error))
      return { ok: false, reason: "invalid", field: "slug", message: "Another product already uses this web address" };
    if (String(error).includes("FOREIGN KEY"))
      return { ok: false, reason: "invalid", field: "categoryId", message: "Choose a category" };
    throw error;
  }
  const current = await getAdminProduct(ctx, id);
  return current ? { ok: false, reason: "conflict", current } : { ok: false, reason: "not-found" };
}

/**
 * Adds or takes away stock relative to what is there now, so a sale that happens while the form
 * is open is never overwritten. Refused (false) if it would go below zero.
 */
export async function adjustStock(
  ctx: CatalogAdminContext,
  actorId: number,
  id: number,
  change: number,
): Promise<boolean> {
  const db = ctx.db.$client;
  const results = await db.batch([
    db
      .prepare(
        "UPDATE products SET stock = stock + ?1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?2 AND stock + ?1 >= 0 RETURNING stock",
      )
      .bind(change, id),
    db
      .prepare(
        `INSERT INTO audit_log (entity, entity_id, action, actor_user_id, before, after)
         SELECT 'product', id, 'stock', ?, json_object('stock', stock - ?), json_object('stock', stock) FROM products WHERE id = ? AND changes() = 1`,
      )
      .bind(actorId, change, id),
    catalogChangeStatement(db, { sql: "changes() = 1" }),
  ]);
  await publishCatalogChange(ctx, results);
  return (results[0]?.results?.length ?? 0) > 0;
}

export type AuditEntry = {
  action: string;
  actor: string | null;
  createdAt: string;
  changes: { field: string; before: unknown; after: unknown }[];
};

/** A product's history, newest first, as field-by-field changes. */
export async function productAuditLog(ctx: Pick<RequestContext, "db">, id: number): Promise<AuditEntry[]> {
  const { results } = await ctx.db.$client
    .prepare(
      `SELECT a.action, u.name AS actor, a.created_at AS createdAt, a.before, a.after FROM audit_log a
       LEFT JOIN users u ON u.id = a.actor_user_id WHERE a.entity = 'product' AND a.entity_id = ? ORDER BY a.id DESC LIMIT 100`,
    )
    .bind(id)
    .all<{ action: string; actor: string | null; createdAt: string; before: string | null; after: string | null }>();
  return results.map((row) => {
    const before = row.before ? (JSON.parse(row.before) as Record<string, unknown>) : {};
    const after = row.after ? (JSON.parse(row.after) as Record<string, unknown>) : {};
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const changes = fields
      .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
    return { action: row.action, actor: row.actor, createdAt: row.createdAt, changes };
  });
}

export async function categoryChoices(ctx: Pick<RequestContext, "db">): Promise<{ id: number; name: string }[]> {
  const { results } = await ctx.db.$client
    .prepare("SELECT id, name FROM categories ORDER BY position, name")
    .all<{ id: number; name: string }>();
  return results;
}

export type ProductDifference = { field: keyof EditableProduct; saved: unknown; yours: unknown };

/** Where an editor's refused save differs from what is saved now, so nothing is lost silently. */
export function differencesFrom(mine: EditableProduct, current: AdminProduct): ProductDifference[] {
  return (Object.keys(mine) as (keyof EditableProduct)[])
    .filter((field) => JSON.stringify(mine[field]) !== JSON.stringify(current[field]))
    .map((field) => ({ field, saved: current[field], yours: mine[field] }));
}
