import { catalogChangeStatement, publishCatalogChange } from "../cache/catalog-changes.server";
import { slugify } from "../catalog/slug";
import type { RequestContext } from "../platform/request-context.server";

type CategoriesContext = Pick<RequestContext, "db" | "kv" | "env" | "logger">;

export type AdminCategory = {
  id: number;
  slug: string;
  name: string;
  description: string;
  position: number;
  products: number;
};
export type CategoryValues = { name: string; slug?: string; description: string; position: number };

export async function listCategoriesAdmin(ctx: Pick<RequestContext, "db">): Promise<AdminCategory[]> {
  const { results } = await ctx.db.$client
    .prepare(
      `SELECT c.id, c.slug, c.name, c.description, c.position, (SELECT count(*) FROM products p WHERE p.category_id = c.id) AS products
       FROM categories c ORDER BY c.position, c.name`,
    )
    .all<AdminCategory>();
  return results;
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
  const db = ctx.db.$client;
  const row = {
    slug: values.slug || slugify(values.name),
    name: values.name,
    description: values.description,
    position: values.position,
  };
  const before = id
    ? await db.prepare("SELECT slug, name, description, position FROM categories WHERE id = ?").bind(id).first()
    : null;
  if (id && !before) return { ok: false, field: null, message: "That category no longer exists." };
  try {
    const write = id
      ? db
          .prepare(
            "UPDATE categories SET slug = ?, name = ?, description = ?, position = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
          )
          .bind(row.slug, row.name, row.description, row.position, id)
      : db
          .prepare("INSERT INTO categories (slug, name, description, position) VALUES (?, ?, ?, ?)")
          .bind(row.slug, row.name, row.description, row.position);
    const results = await db.batch([
      write,
      db
        .prepare(
          `INSERT INTO audit_log (entity, entity_id, action, actor_user_id, before, after)
           VALUES ('category', coalesce(?, last_insert_rowid()), ?, ?, ?, ?)`,
        )
        .bind(id, id ? "update" : "create", actorId, before ? JSON.stringify(before) : null, JSON.stringify(row)),
      catalogChangeStatement(db),
    ]);
    await publishCatalogChange(ctx, results);
    return { ok: true };
  } catch (error) {
    if (String(error).includes("UNIQUE"))
      return { ok: false, field: "slug", message: "Another category already uses this web address" };
    throw error;
  }
}
