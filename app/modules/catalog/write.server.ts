import { and, eq, sql } from "drizzle-orm";
import { products } from "../../../database/schema";
import { bumpCatalogVersionStatement, publishCatalogVersion } from "../cache/catalog-cache.server";
import type { RequestContext } from "../platform/request-context.server";

type WriteContext = Pick<RequestContext, "db" | "kv" | "env">;

export type ProductChanges = Partial<{
  name: string;
  summary: string;
  description: string;
  ingredients: string;
  pricePence: number;
  stock: number;
  status: "draft" | "active" | "archived";
  featured: boolean;
}>;

export type UpdateResult = { ok: true; version: number } | { ok: false; reason: "conflict" | "not-found" };

/**
 * Changes a product if nobody else has since `expectedVersion` was read (optimistic concurrency),
 * and bumps the catalogue version in the same atomic batch so every cached page is refreshed.
 */
export async function updateProduct(
  ctx: WriteContext,
  id: number,
  expectedVersion: number,
  changes: ProductChanges,
): Promise<UpdateResult> {
  const [updated, bumped] = await ctx.db.batch([
    ctx.db
      .update(products)
      .set({ ...changes, version: sql`${products.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(products.id, id), eq(products.version, expectedVersion)))
      .returning({ version: products.version }),
    bumpCatalogVersionStatement(ctx.db),
  ]);
  if (bumped[0]) await publishCatalogVersion(ctx, bumped[0].version);
  if (updated[0]) return { ok: true, version: updated[0].version };

  const [exists] = await ctx.db.select({ id: products.id }).from(products).where(eq(products.id, id));
  return { ok: false, reason: exists ? "conflict" : "not-found" };
}
