import { CATALOG_CACHE_TTL_SECONDS } from "../../lib/constants";
import type { RequestContext } from "../platform/request-context.server";
import { lastCatalogVersion, readCatalogVersionFromD1 } from "./catalog-changes.server";
import { edgeCacheGet, edgeCachePut } from "./edge-cache.server";
import { catalogCacheKey, catalogVersionKey as versionKey } from "./keys";

type CacheContext = Pick<RequestContext, "db" | "kv" | "env" | "timing" | "waitUntil" | "logger" | "memo" | "url">;

/**
 * The catalogue version lives in D1 (authoritative, bumped in the same batch as each catalogue
 * edit) and is mirrored to one KV key so that a cache hit costs no D1 query at all. Only an edit
 * (and the five-minute cron, as a backstop) writes that key: readers never do, so no load can
 * make it written more than the edits are (docs/decisions/018-bake-day-rush.md).
 */
export function getCatalogVersion(ctx: CacheContext): Promise<number> {
  // Several reads in one request (home: featured + categories) share one lookup.
  let version = ctx.memo.get("catalog-version") as Promise<number> | undefined;
  if (!version) {
    const trusted = lastCatalogVersion.get(ctx.env.SHARED_STATE_TRUST_MS);
    version = trusted === undefined ? readCatalogVersion(ctx) : Promise.resolve(trusted);
    ctx.memo.set("catalog-version", version);
  }
  return version;
}

async function readCatalogVersion(ctx: CacheContext): Promise<number> {
  const remember = lastCatalogVersion.reading();
  let version: number | undefined;
  try {
    const mirrored = await ctx.kv.get(versionKey(ctx.env.CACHE_NAMESPACE));
    if (mirrored !== null && /^\d+$/.test(mirrored)) version = Number(mirrored);
  } catch (error) {
    // KV refused or timed out: D1 answers instead, and the page is served all the same.
    ctx.logger.warn("catalogue version not read from KV", { error: String(error) });
  }
  version ??= await readCatalogVersionFromD1(ctx);
  remember(version);
  return version;
}

/**
 * Read-through cache for catalogue data (descriptions, prices, images, categories: what only an
 * edit changes), in this data centre's Cache API under the catalogue version. Only what the shop
 * has is stored: `worthKeeping` turns away empty answers (an unknown slug, a listing with nothing
 * in it), so made-up addresses cannot fill the cache. What changes with every order (how many are
 * left) is never stored here: pages read it live (production/bake-days.server.ts).
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
  const hit = await edgeCacheGet<{ value: T }>(ctx, key);
  if (hit) {
    ctx.timing.recordCache("hit");
    return hit.value;
  }
  ctx.timing.recordCache("miss");
  const value = await load();
  if (worthKeeping(value)) edgeCachePut(ctx, key, { value }, CATALOG_CACHE_TTL_SECONDS);
  return value;
}
