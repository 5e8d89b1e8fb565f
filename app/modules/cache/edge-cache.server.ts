import type { RequestContext } from "../platform/request-context.server";

type EdgeCacheContext = Pick<RequestContext, "url" | "waitUntil" | "logger" | "memo">;

/** The named cache this app keeps its derived copies in, apart from the zone's HTTP cache. */
const CACHE_NAME = "bob-derived";

/**
 * Derived copies (catalogue reads, the calendar, whole anonymous pages) live in the Cache API, this
 * data centre's cache, not in KV (docs/decisions/018-bake-day-rush.md): KV allows one write a
 * second to a key, and after a catalogue edit every data centre and every isolate that misses
 * would write the same new key at once. The Cache API has no such limit. It does not replicate
 * between data centres (each fills its own copy from D1) and does nothing on `*.workers.dev`
 * (every read misses: correct, only slower). Any failure is a miss, logged once per request.
 */
function entryUrl(ctx: EdgeCacheContext, key: string): string {
  // Under the shop's own origin, in a path nothing serves: the named cache is ours alone anyway.
  return `${ctx.url.origin}/__derived/${encodeURIComponent(key)}`;
}

function warnOnce(ctx: EdgeCacheContext, what: string, error: unknown) {
  if (ctx.memo.has("edge-cache-warned")) return;
  ctx.memo.set("edge-cache-warned", Promise.resolve(true));
  ctx.logger.warn(`edge cache ${what} failed`, { error: String(error) });
}

async function openCache(): Promise<Cache> {
  return caches.open(CACHE_NAME);
}

/** The value stored under `key` in this data centre, or null (missing, expired, or the cache failed). */
export async function edgeCacheGet<T>(ctx: EdgeCacheContext, key: string): Promise<T | null> {
  try {
    const hit = await (await openCache()).match(entryUrl(ctx, key));
    if (!hit) return null;
    return (await hit.json()) as T;
  } catch (error) {
    warnOnce(ctx, "read", error);
    return null;
  }
}

/**
 * Stores `value` under `key` for `maxAgeSeconds`, after the response is under way (waitUntil): a
 * miss costs the visitor only the D1 read.
 */
export function edgeCachePut(ctx: EdgeCacheContext, key: string, value: unknown, maxAgeSeconds: number): void {
  const response = new Response(JSON.stringify(value), {
    headers: { "Content-Type": "application/json", "Cache-Control": `public, max-age=${Math.max(1, maxAgeSeconds)}` },
  });
  ctx.waitUntil(
    openCache()
      .then((cache) => cache.put(entryUrl(ctx, key), response))
      .catch((error) => warnOnce(ctx, "write", error)),
  );
}

/** Drops `key` from this data centre's cache (other data centres keep theirs until it expires). */
export async function edgeCacheDelete(ctx: EdgeCacheContext, key: string): Promise<void> {
  try {
    await (await openCache()).delete(entryUrl(ctx, key));
  } catch (error) {
    warnOnce(ctx, "delete", error);
  }
}
