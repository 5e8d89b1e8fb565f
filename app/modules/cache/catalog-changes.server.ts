import { and, eq, type SQL, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
// With their extensions: the seed script (plain Node) imports this module too.
import { catalogMeta } from "../../../database/schema.ts";
import type { RequestContext } from "../platform/request-context.server";
import { catalogVersionKey } from "./keys.ts";

/** The RETURNING column that marks a batch result as the catalogue version bump. */
const VERSION_COLUMN = "catalog_version";

/**
 * The one way anything that changes what the shop shows (a product, a category, an image, stock
 * reserved or given back) retires cached catalogue pages (docs/decisions/002-catalogue-cache.md):
 * this query, added to the same D1 batch as the change, so the version moves exactly when the
 * change commits. `onlyIf` is a SQL condition for writes that may change nothing: the version
 * moves only if they did, e.g. `changes() = 1` right after a guarded UPDATE.
 */
// Any drizzle D1 database: the app's (with its schema) or the seed's.
// biome-ignore lint/suspicious/noExplicitAny: the schema type does not matter to this query.
export function catalogChange(db: DrizzleD1Database<any>, onlyIf?: SQL) {
  return db
    .update(catalogMeta)
    .set({ version: sql`${catalogMeta.version} + 1` })
    .where(and(eq(catalogMeta.id, 1), onlyIf))
    .returning({ [VERSION_COLUMN]: catalogMeta.version });
}

/**
 * After the batch has committed: tells the KV mirror of the version (read by every cached page)
 * the new one, when the batch moved it. One KV write per change. A failed write (KV allows one
 * write a second per key) is logged, never thrown: the change is already committed, and the
 * mirror catches up with the next one.
 */
export async function publishCatalogChange(
  ctx: Pick<RequestContext, "kv" | "env" | "logger">,
  results: readonly unknown[],
): Promise<boolean> {
  const versions = results.flatMap((result) =>
    (Array.isArray(result) ? result : [])
      .map((row) => (row as Record<string, unknown>)[VERSION_COLUMN])
      .filter(Number.isInteger),
  ) as number[];
  if (versions.length === 0) return false;
  try {
    await ctx.kv.put(catalogVersionKey(ctx.env.CACHE_NAMESPACE), String(Math.max(...versions)));
  } catch (error) {
    ctx.logger.warn("catalogue version not mirrored to KV", { error: String(error) });
  }
  return true;
}
