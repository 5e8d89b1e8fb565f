import { eq } from "drizzle-orm";
import { catalogMeta } from "../../../database/schema";
import { CATALOG_CACHE_TTL_SECONDS } from "../../lib/constants";
import type { RequestContext } from "../platform/request-context.server";
import { catalogCacheKey, catalogVersionKey as versionKey } from "./keys";

type CacheContext = Pick<RequestContext, "db" | "kv" | "env" | "timing" | "waitUntil" | "logger" | "memo">;

/**
 * The catalogue version lives in D1 (authoritative, bumped in the same batch as each write)
 * and is mirrored to KV so that a cache hit costs no D1 query at all.
 */
export function getCatalogVersion(ctx: CacheContext): Promise<number> {
  // Several reads in one request (home: featured + categories) share one lookup.
  let version = ctx.memo.get("catalog-version") as Promise<number> | undefined;
  if (!version) {
    version = readCatalogVersion(ctx);
    ctx.memo.set("catalog-version", version);
  }
  return version;
}

async function readCatalogVersion(ctx: CacheContext): Promise<number> {
  const mirrored = await ctx.kv.get(versionKey(ctx.env.CACHE_NAMESPACE));
  if (mirrored !== null && /^\d+$/.test(mirrored)) return Number(mirrored);
  const [row] = await ctx.db.select({ version: catalogMeta.version }).from(catalogMeta).where(eq(catalogMeta.id, 1));
  const version = row?.version ?? 1;
  await ctx.kv.put(versionKey(ctx.env.CACHE_NAMESPACE), String(version));
  return version;
}

/**
 * Read-through cache for catalogue data. Entries are written after the response is under way
 * (waitUntil), so a miss costs the shopper only the D1 read. Only what the shop has is stored:
 * `worthKeeping` turns away empty answers (an unknown slug, a listing with nothing in it), so
 * made-up addresses cannot fill KV or its write bill.
 */
export async function cachedCatalogRead<T>(
  ctx: CacheContext,
  entity: string,
  id: string,
  load: () => Promise<T>,
  worthKeeping: (value: T) => boolean = (value) => value !== null && value !== undefined,
): Promise<T> {
  const version = await getCatalogVersion(ctx);
  const key = catalogCacheKey(ctx.env.CACHE_NAMESPACE, entity, id, version);
  const hit = await ctx.kv.get<{ value: T }>(key, "json");
  if (hit) {
    ctx.timing.recordCache("hit");
    return hit.value;
  }
  ctx.timing.recordCache("miss");
  const value = await load();
  if (!worthKeeping(value)) return value;
  ctx.waitUntil(
    ctx.kv.put(key, JSON.stringify({ value }), { expirationTtl: CATALOG_CACHE_TTL_SECONDS }).catch((error) => {
      ctx.logger.warn("catalog cache write failed", { key, error: String(error) });
    }),
  );
  return value;
}
