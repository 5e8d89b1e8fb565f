import { and, eq, type SQL, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
// With their extensions: the seed script (plain Node) imports this module too.
import { catalogMeta } from "../../../database/schema.ts";
import type { RequestContext } from "../platform/request-context.server";
import { isolateMemo } from "./isolate-memo.ts";
import { catalogVersionKey } from "./keys.ts";

/** The RETURNING column that marks a batch result as the catalogue version bump. */
const VERSION_COLUMN = "catalog_version";

/**
 * The one way a catalogue edit (a product, a category, an image, an option, the calendar) retires
 * cached catalogue reads and pages (docs/decisions/002-catalogue-cache.md, 018): orders do not
 * move it, since how many are left is read live:
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

/** The catalogue version as D1 has it (the authority). */
// biome-ignore lint/suspicious/noExplicitAny: the schema type does not matter to this query.
export async function readCatalogVersionFromD1(ctx: { db: DrizzleD1Database<any> }): Promise<number> {
  const [row] = await ctx.db.select({ version: catalogMeta.version }).from(catalogMeta).where(eq(catalogMeta.id, 1));
  return row?.version ?? 1;
}

/**
 * The version this isolate read last. Readers reuse it for `SHARED_STATE_TRUST_MS` (a second by
 * default) instead of asking KV on every page view: in a rush that is one KV read a second per
 * isolate instead of one per request. KV itself may show another location the previous version
 * for up to 60 s, so this adds at most a second to how long an edit takes to show; an edit made
 * through this isolate forgets it at once.
 */
export const lastCatalogVersion = isolateMemo<number>();

/** KV allows one write a second to a key: a refused mirror write is tried again after this long. */
const KV_RETRY_MS = 1100;

type PublishContext = Pick<RequestContext, "db" | "kv" | "env" | "logger">;

/**
 * After the batch has committed: tells the KV mirror of the version (read by every cached page)
 * the newest one, when the batch moved it. One KV write per catalogue edit; edits are rare, and
 * readers never write it (docs/decisions/018-bake-day-rush.md). The value written is D1's newest,
 * read just before, so an edit that finishes after a later one cannot put an older version back.
 * A write KV refuses (one write a second per key: two admins saving together) is tried once more
 * a second later; if that fails too it is logged, never thrown (the change has committed, and the
 * five-minute cron republishes the version).
 */
export async function publishCatalogChange(ctx: PublishContext, results: readonly unknown[]): Promise<boolean> {
  const versions = results.flatMap((result) =>
    (Array.isArray(result) ? result : [])
      .map((row) => (row as Record<string, unknown>)[VERSION_COLUMN])
      .filter(Number.isInteger),
  ) as number[];
  if (versions.length === 0) return false;
  lastCatalogVersion.forget();
  const key = catalogVersionKey(ctx.env.CACHE_NAMESPACE);
  for (const attempt of [1, 2]) {
    try {
      const newest = Math.max(...versions, await readCatalogVersionFromD1(ctx));
      await ctx.kv.put(key, String(newest));
      return true;
    } catch (error) {
      if (attempt === 2) ctx.logger.warn("catalogue version not mirrored to KV", { error: String(error) });
      else await new Promise((resolve) => setTimeout(resolve, KV_RETRY_MS));
    }
  }
  return true;
}

/**
 * The cron's backstop: puts D1's version in KV if the mirror differs (a publish that failed twice,
 * or KV having lost the key). At most one write per run.
 */
export async function republishCatalogVersion(ctx: PublishContext): Promise<boolean> {
  const key = catalogVersionKey(ctx.env.CACHE_NAMESPACE);
  const [inD1, mirrored] = await Promise.all([readCatalogVersionFromD1(ctx), ctx.kv.get(key)]);
  if (mirrored === String(inD1)) return false;
  await ctx.kv.put(key, String(inD1));
  ctx.logger.info("catalogue version republished", { version: inD1, was: mirrored });
  return true;
}
