import { PAGE_CACHE_MAX_AGE_SECONDS } from "../../lib/constants";
import { parseShopFilters } from "../catalog/filters";
import { shopSearchParams } from "../catalog/shop-url";
import { shopLocalDateTime } from "../checkout/slots";
import type { RequestContext } from "../platform/request-context.server";
import { inlineStylesheetSource } from "../security/inline-stylesheet.server";
import { getCatalogVersion } from "./catalog-cache.server";
import { edgeCacheGet, edgeCachePut } from "./edge-cache.server";
import { catalogCacheKey } from "./keys";

type PageCacheContext = Pick<
  RequestContext,
  "db" | "kv" | "env" | "timing" | "waitUntil" | "logger" | "memo" | "nonce" | "now" | "pageFreshUntil" | "url"
>;

/** Catalogue pages: the same HTML for every anonymous visitor until the catalogue changes. */
const CACHEABLE_PAGES = [/^\/$/, /^\/shop$/, /^\/products\/[a-z0-9-]+$/];

type CachedPage = {
  html: string;
  nonce: string;
  status: number;
  headers: [string, string][];
  /** Shop time from which the page is out of date (a cut-off or drop it shows has passed). */
  freshUntil?: string | null;
  /** When it was rendered (ms since the epoch): this isolate keeps it in memory until max age. */
  renderedAt?: number;
};

/**
 * Only anonymous page views are shared: a request carrying any cookie (a session or a basket, in
 * time) always renders for itself, so nobody is ever shown someone else's page.
 */
export function isCacheablePageRequest(request: Request, url: URL): boolean {
  return (
    request.method === "GET" &&
    !request.headers.has("Cookie") &&
    CACHEABLE_PAGES.some((page) => page.test(url.pathname)) &&
    isCanonicalQuery(url)
  );
}

/**
 * Only URLs in the form the site itself writes them are stored: a made-up query string (`?x=123`)
 * renders normally instead of adding an entry. A search is stored in its canonical form (its
 * words trimmed and capped): entries live in this data centre's Cache API, which costs nothing to
 * write and drops what is least used, so new searches cannot run up a bill (KV's writes would).
 */
function isCanonicalQuery(url: URL): boolean {
  if (url.search === "") return true;
  if (url.pathname !== "/shop") return false;
  const filters = parseShopFilters(url.searchParams);
  return `?${shopSearchParams(filters).toString()}` === url.search;
}

/**
 * Renders in progress in this isolate, by cache key: when a busy page expires, the crowd asking
 * for it waits for one render instead of each rendering it (each would read D1 and render React).
 */
const rendering = new Map<string, Promise<CachedPage | null>>();

/**
 * Pages this isolate served lately, by cache key (which holds the release and the catalogue
 * version): a page view in a rush is answered from memory, without the Cache API's read. At most
 * `RECENT_PAGES_KEPT` pages (~60 kB each) are kept, the oldest dropped first: a few MB of the
 * isolate's 128 MB. Whether from memory or the Cache API, a page is served only while it is
 * younger than `PAGE_CACHE_MAX_AGE_SECONDS` (`isYoung`).
 */
const recentPages = new Map<string, CachedPage>();
const RECENT_PAGES_KEPT = 100;

function keepRecentPage(key: string, page: CachedPage) {
  if (recentPages.has(key)) return;
  recentPages.set(key, page);
  for (const oldest of recentPages.keys()) {
    if (recentPages.size <= RECENT_PAGES_KEPT) break;
    recentPages.delete(oldest);
  }
}

/** Not past its maximum age, nor past a cut-off or drop it shows. */
function isYoung(page: CachedPage, now: Date): boolean {
  const age = now.getTime() - (page.renderedAt ?? now.getTime());
  const cutOffPassed = page.freshUntil ? shopLocalDateTime(now) >= page.freshUntil : false;
  return age < PAGE_CACHE_MAX_AGE_SECONDS * 1000 && !cutOffPassed;
}

/** A stored page as this response: the same HTML with this response's own nonce. */
const served = (page: CachedPage, nonce: string) =>
  new Response(page.html.replaceAll(page.nonce, nonce), { status: page.status, headers: page.headers });

/**
 * Whole rendered catalogue pages for anonymous visitors, in this data centre's Cache API under the
 * catalogue version (and in this isolate's memory), so a page view costs no render, and at most
 * one KV read a second (the version, `getCatalogVersion`). A page shows how many are
 * left, which every order changes, so it is kept for `PAGE_CACHE_MAX_AGE_SECONDS` at most (and
 * never past a cut-off or drop it shows): availability on a shared page is never older than that
 * (docs/decisions/018-bake-day-rush.md). The CSP nonce stored with a page is swapped for this
 * response's own nonce: it is 128 random bits, so it cannot appear anywhere else in the document.
 */
export async function withPageCache(
  ctx: PageCacheContext,
  request: Request,
  render: () => Promise<Response>,
): Promise<Response> {
  const url = new URL(request.url);
  if (!isCacheablePageRequest(request, url)) {
    if (request.method === "GET" && CACHEABLE_PAGES.some((page) => page.test(url.pathname))) {
      ctx.timing.pageCache = "bypass";
    }
    return render();
  }

  const [version, release] = await Promise.all([getCatalogVersion(ctx), thisRelease()]);
  const key = catalogCacheKey(ctx.env.CACHE_NAMESPACE, "page", await sha256Hex(`${release} ${url.href}`), version);
  const hit = recentPages.get(key) ?? (await edgeCacheGet<CachedPage>(ctx, key));
  if (hit && isYoung(hit, ctx.now())) {
    ctx.timing.recordCache("hit");
    ctx.timing.pageCache = "hit";
    keepRecentPage(key, hit);
    return served(hit, ctx.nonce);
  }
  if (hit) recentPages.delete(key);
  const inProgress = rendering.get(key);
  if (inProgress) {
    const page = await inProgress;
    if (page) {
      ctx.timing.recordCache("hit");
      ctx.timing.pageCache = "hit";
      return served(page, ctx.nonce);
    }
  }

  ctx.timing.recordCache("miss");
  ctx.timing.pageCache = "miss";
  let settle: (page: CachedPage | null) => void = () => {};
  rendering.set(key, new Promise((resolve) => (settle = resolve)));
  try {
    const response = await render();
    const isHtml = response.headers.get("Content-Type")?.startsWith("text/html") ?? false;
    if (response.status !== 200 || !isHtml || response.headers.has("Set-Cookie")) return response;
    const html = await response.text();
    const page: CachedPage = {
      html,
      nonce: ctx.nonce,
      status: response.status,
      headers: [...response.headers],
      freshUntil: ctx.pageFreshUntil,
      renderedAt: ctx.now().getTime(),
    };
    edgeCachePut(ctx, key, page, PAGE_CACHE_MAX_AGE_SECONDS);
    keepRecentPage(key, page);
    settle(page);
    return new Response(html, response);
  } finally {
    // Waiters of a render that stored nothing (an error, a redirect) render for themselves.
    settle(null);
    rendering.delete(key);
  }
}

/**
 * What a stored page depends on besides the catalogue: the scripts it names and the stylesheet it
 * carries inline, whose hash the CSP allows. A deploy changes them, so pages rendered before it are
 * never served after it (their stylesheet would be refused, their scripts gone).
 */
async function thisRelease(): Promise<string> {
  const [build, stylesheet] = await Promise.all([
    import("virtual:react-router/server-build"),
    inlineStylesheetSource(),
  ]);
  return `${build.assets.version} ${stylesheet}`;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
