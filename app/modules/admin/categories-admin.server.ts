import { asc, count, eq, sql } from "drizzle-orm";
import { auditLog, categories, products } from "../../../database/schema";
import { catalogChange, publishCatalogChange } from "../cache/catalog-changes.server";
import { slugify } from "../catalog/slug";
import { sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

type CategoriesContext = Pick<RequestContext, "db" | "kv" | "env" | "logger">;

export type AdminCategory = Awaited<ReturnType<typeof listCategoriesAdmin>>[number];
export type CategoryValues = { name: string; slug?: string; description: string; position: number };

export async function listCategoriesAdmin(ctx: Pick<RequestContext, "db">) {
  const productCount = ctx.db
    .select({ categoryId: products.categoryId, products: count().as("products") })
    .from(products)
    .groupBy(products.categoryId)
    .as("product_count");
  return ctx.db
    .select({
      id: categories.id,
      slug: categories.slug,
      name: categories.name,
      description: categories.description,
      position: categories.position,
      products: sql<number>`coalesce(${productCount.products}, 0)`,
    })
    .from(categories)
    .leftJoin(productCount, eq(productCount.categoryId, categories.id))
    .orderBy(asc(categories.position), asc(categories.name));
}

export type CategoryResult =
  | { ok: true }
  | { ok: false; field: "slug"; message: string }
  | { ok: false; field: null; message: string };

/** Creates (id null) or updates a category; the change, its audit entry and the catalogue bump are one batch. */
export async function saveCategory(
  ctx: CategoriesContext,
  actorId: number,
  id: number | null,
  values: CategoryValues,
): Promise<CategoryResult> {
  const row = {
    slug: values.slug || slugify(values.name),
    name: values.name,
    description: values.description,
    position: values.position,
  };
  const before = id
    ? await ctx.db
        .select({
          slug: categories.slug,
          name: categories.name,
          description: categories.description,
          position: categories.position,
        })
        .from(categories)
        .where(eq(categories.id, id))
        .get()
    : null;
  if (id && !before) return { ok: false, field: null, message: "That category no longer exists." };
  try {
    const write = id
      ? ctx.db
          .update(categories)
          .set({ ...row, updatedAt: sqlNow })
          .where(eq(categories.id, id))
      : ctx.db.insert(categories).values(row);
    const results = await ctx.db.batch([
      write,
      ctx.db.insert(auditLog).values({
        entity: "category",
        // A new category's id is the row just inserted.
        entityId: id ?? sql`last_insert_rowid()`,
        action: id ? "update" : "create",
        actorUserId: actorId,
        before: before ? JSON.stringify(before) : null,
        after: JSON.stringify(row),
      }),
      catalogChange(ctx.db),
    ]);
    await publishCatalogChange(ctx, results);
    return { ok: true };
  } catch (error) {
    if (String(error).includes("UNIQUE"))
      return { ok: false, field: "slug", message: "Another category already uses this web address" };
    throw error;
  }
}
