import { and, asc, desc, eq, sql } from "drizzle-orm";
import { data } from "react-router";
import { auditLog, bakeSchedules, categories, products, shopWeekdays, users } from "../../../database/schema";
import type { ProductStatus } from "../../lib/constants";
import { parseMinorUnits } from "../../lib/money";
import { catalogChange, publishCatalogChange } from "../cache/catalog-changes.server";
import { slugify } from "../catalog/slug";
import { insertWhere, previousChangedOneRow, sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import type { ProductForm } from "./product-forms";

type CatalogAdminContext = Pick<RequestContext, "db" | "kv" | "env" | "logger">;

/** The fields staff edit, as stored; what the audit log records before and after. */
export type EditableProduct = Pick<
  typeof products.$inferSelect,
  | "slug"
  | "name"
  | "categoryId"
  | "pricePence"
  | "summary"
  | "description"
  | "ingredients"
  | "allergens"
  | "dietaryTags"
  | "weightGrams"
  | "sizeLabel"
  | "maxPerOrder"
  | "orderDeadlineMinutes"
  | "sellFrom"
  | "sellUntil"
  | "shelfLifeDays"
  | "vatCategory"
  | "featured"
  | "status"
>;

const adminProductColumns = {
  id: products.id,
  slug: products.slug,
  name: products.name,
  categoryId: products.categoryId,
  pricePence: products.pricePence,
  summary: products.summary,
  description: products.description,
  ingredients: products.ingredients,
  allergens: products.allergens,
  dietaryTags: products.dietaryTags,
  weightGrams: products.weightGrams,
  sizeLabel: products.sizeLabel,
  maxPerOrder: products.maxPerOrder,
  orderDeadlineMinutes: products.orderDeadlineMinutes,
  sellFrom: products.sellFrom,
  sellUntil: products.sellUntil,
  shelfLifeDays: products.shelfLifeDays,
  vatCategory: products.vatCategory,
  featured: products.featured,
  status: products.status,
  version: products.version,
  updatedAt: products.updatedAt,
};

export type AdminProduct = NonNullable<Awaited<ReturnType<typeof getAdminProduct>>>;

export async function getAdminProduct(ctx: Pick<RequestContext, "db">, id: number) {
  return (await ctx.db.select(adminProductColumns).from(products).where(eq(products.id, id)).get()) ?? null;
}

/** The product an admin URL names (`/admin/products/:id`), or a 404 page. */
export async function findAdminProductOr404(ctx: Pick<RequestContext, "db">, id: string): Promise<AdminProduct> {
  const product = /^\d+$/.test(id) ? await getAdminProduct(ctx, Number(id)) : null;
  if (!product) throw data({ message: "No product with that id." }, { status: 404 });
  return product;
}

export type AdminProductRow = Awaited<ReturnType<typeof listAdminProducts>>[number];

export async function listAdminProducts(
  ctx: Pick<RequestContext, "db">,
  filters: { q?: string; status?: ProductStatus },
) {
  const like = `%${(filters.q ?? "").toLowerCase().replace(/[%_\\]/g, "\\$&")}%`;
  return ctx.db
    .select({
      id: products.id,
      slug: products.slug,
      name: products.name,
      category: categories.name,
      pricePence: products.pricePence,
      status: products.status,
      /** The weekdays it is baked (0 = Sunday), comma-separated, from its weekly default. */
      bakeWeekdays: sql<string | null>`(SELECT group_concat(DISTINCT ${bakeSchedules.weekday}) FROM ${bakeSchedules}
        WHERE ${bakeSchedules.productId} = ${products.id} AND ${bakeSchedules.quantity} > 0)`,
    })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(
      and(
        // LIKE with an escape character, which drizzle's like() cannot say.
        sql`(lower(${products.name}) LIKE ${like} ESCAPE '\\' OR ${products.slug} LIKE ${like} ESCAPE '\\')`,
        filters.status ? eq(products.status, filters.status) : undefined,
      ),
    )
    .orderBy(asc(categories.position), asc(products.name));
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
    maxPerOrder: form.maxPerOrder,
    orderDeadlineMinutes: form.noticeMinutes,
    sellFrom: form.sellFrom ?? null,
    sellUntil: form.sellUntil ?? null,
    shelfLifeDays: form.shelfLifeDays,
    vatCategory: form.vatCategory,
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
  maxPerOrder: p.maxPerOrder,
  orderDeadlineMinutes: p.orderDeadlineMinutes,
  sellFrom: p.sellFrom,
  sellUntil: p.sellUntil,
  shelfLifeDays: p.shelfLifeDays,
  vatCategory: p.vatCategory,
  featured: p.featured,
  status: p.status,
});

const isSlugTaken = (error: unknown) => String(error).includes("UNIQUE") && String(error).includes("slug");

export type CreateResult = { ok: true; id: number } | { ok: false; field: "slug" | "categoryId"; message: string };

/**
 * Adds a product, planned at `bakedEachOpenDay` on every weekday the shop opens (its weekly
 * default in the production grid; 0 leaves it unplanned, so not on sale, until planned there).
 */
export async function createProduct(
  ctx: CatalogAdminContext,
  actorId: number,
  product: EditableProduct,
  bakedEachOpenDay: number,
): Promise<CreateResult> {
  try {
    const results = await ctx.db.batch([
      ctx.db.insert(products).values(product).returning({ id: products.id }),
      ctx.db.insert(auditLog).values({
        entity: "product",
        entityId: sql`last_insert_rowid()`,
        action: "create",
        actorUserId: actorId,
        before: null,
        after: JSON.stringify({ ...product, bakedEachOpenDay }),
      }),
      insertWhere(
        ctx.db,
        bakeSchedules,
        {
          productId: sql`(SELECT max(${products.id}) FROM ${products})`,
          weekday: shopWeekdays.weekday,
          quantity: bakedEachOpenDay,
        },
        { from: sql`${shopWeekdays}`, where: sql`${shopWeekdays.open} = 1 AND ${bakedEachOpenDay} > 0` },
      ),
      catalogChange(ctx.db),
    ]);
    await publishCatalogChange(ctx, results);
    const id = results[0][0]?.id;
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
  try {
    const results = await ctx.db.batch([
      ctx.db
        .update(products)
        .set({ ...after, version: sql`${products.version} + 1`, updatedAt: sqlNow })
        .where(and(eq(products.id, id), eq(products.version, expectedVersion))),
      insertWhere(
        ctx.db,
        auditLog,
        {
          entity: "product",
          entityId: id,
          action,
          actorUserId: actorId,
          before: JSON.stringify(pickEditable(before)),
          after: JSON.stringify(after),
        },
        { where: previousChangedOneRow },
      ),
      catalogChange(ctx.db, previousChangedOneRow),
    ]);
    await publishCatalogChange(ctx, results);
    const [updated] = results;
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

export type AuditEntry = {
  action: string;
  actor: string | null;
  createdAt: string;
  changes: { field: string; before: unknown; after: unknown }[];
};

/** A product's history, newest first, as field-by-field changes. */
export async function productAuditLog(ctx: Pick<RequestContext, "db">, id: number): Promise<AuditEntry[]> {
  const rows = await ctx.db
    .select({
      action: auditLog.action,
      actor: users.name,
      createdAt: auditLog.createdAt,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.entity, "product"), eq(auditLog.entityId, id)))
    .orderBy(desc(auditLog.id))
    .limit(100);
  return rows.map((row) => {
    const before = row.before ? (JSON.parse(row.before) as Record<string, unknown>) : {};
    const after = row.after ? (JSON.parse(row.after) as Record<string, unknown>) : {};
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const changes = fields
      .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
    return { action: row.action, actor: row.actor, createdAt: row.createdAt, changes };
  });
}

export async function categoryChoices(ctx: Pick<RequestContext, "db">) {
  return ctx.db
    .select({ id: categories.id, name: categories.name })
    .from(categories)
    .orderBy(asc(categories.position), asc(categories.name));
}

export type ProductDifference = { field: keyof EditableProduct; saved: unknown; yours: unknown };

/** Where an editor's refused save differs from what is saved now, so nothing is lost silently. */
export function differencesFrom(mine: EditableProduct, current: AdminProduct): ProductDifference[] {
  return (Object.keys(mine) as (keyof EditableProduct)[])
    .filter((field) => JSON.stringify(mine[field]) !== JSON.stringify(current[field]))
    .map((field) => ({ field, saved: current[field], yours: mine[field] }));
}
