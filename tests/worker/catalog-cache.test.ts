import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { saveProduct } from "../../app/modules/admin/catalog-admin.server";
import { getCatalogVersion } from "../../app/modules/cache/catalog-cache.server";
import { republishCatalogVersion } from "../../app/modules/cache/catalog-changes.server";
import { catalogVersionKey } from "../../app/modules/cache/keys";
import { changeBasket } from "../../app/modules/cart/basket.server";
import { releaseReservation } from "../../app/modules/orders/payment-transitions.server";
import { reserveOrder } from "../../app/modules/orders/reserve-order.server";
import { mostKvWritesPerKeyPerSecond, withKvWriteLimit } from "../../app/modules/platform/kv-write-limit.server";
import { get, signedInAs, testContext } from "./helpers";
import { details, product } from "./orders-helpers";

async function basketOf(productId: number, quantity: number) {
  const basketId = crypto.randomUUID();
  await changeBasket(testContext(), basketId, { intent: "add", productId, quantity });
  return basketId;
}

/** A product change as the admin makes it (the one catalogue write path), by someone real. */
async function changeProduct(id: number, version: number, changes: Parameters<typeof saveProduct>[4]) {
  const admin = await signedInAs("admin");
  return saveProduct(testContext(), admin.id, id, version, changes);
}

/** A page as it would be shown again: the CSP nonce is the one part that differs per response. */
const withoutNonce = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

async function productRow(slug: string) {
  const row = await env.DB.prepare("SELECT id, version, price_pence FROM products WHERE slug = ?")
    .bind(slug)
    .first<{ id: number; version: number; price_pence: number }>();
  if (!row) throw new Error(`no product ${slug}`);
  return row;
}

describe("catalogue cache (decision 018)", () => {
  // A listing reads its cards, the categories and the cards' bake plan (one batch); a product page
  // reads the product and its plan. Every page also reads the bakery's details for its footer,
  // cached under the same catalogue version (decision 025): one more query on a miss.
  const budgets = {
    "/": 4,
    "/shop": 4,
    "/shop?category=rye-and-wholegrain": 4,
    "/shop?q=sourdough": 4,
    "/products/danish-rye": 3,
  };
  for (const [path, budget] of Object.entries(budgets)) {
    it(`${path}: at most ${budget} D1 queries on a miss, none on a hit`, async () => {
      // The shop calendar (the footer) is cached apart from the catalogue: warm it first. Then a
      // fresh catalogue version guarantees the next request is a catalogue miss.
      await get(path);
      const { id, version } = await productRow("light-rye-with-caraway");
      const result = await changeProduct(id, version, {});
      expect(result.ok).toBe(true);

      const miss = await get(path);
      expect(miss.response.status).toBe(200);
      expect(miss.timing.cache).toBe("miss");
      expect(miss.timing.d1Queries).toBeLessThanOrEqual(budget);

      // The cache entry is written after the response (waitUntil); wait for it to land.
      await expect.poll(async () => (await get(path)).timing.cache).toBe("hit");
      const hit = await get(path);
      expect(hit.timing.d1Queries).toBe(0);
      expect(withoutNonce(hit.html)).toBe(withoutNonce(miss.html));

      // A visitor with a cookie gets no shared page: the catalogue from the cache, what is left
      // read live, in one D1 query.
      const own = await get(path, { headers: { Cookie: "bob_basket=not-a-basket" } });
      expect(own.timing.page).toBe("bypass");
      expect(own.timing.cache).toBe("hit");
      expect(own.timing.d1Queries).toBeLessThanOrEqual(1);
    });
  }

  it("a crowd asking for a page as it expires waits for one render", async () => {
    const { id, version } = await productRow("light-rye-with-caraway");
    expect((await changeProduct(id, version, {})).ok).toBe(true);
    const crowd = await Promise.all(Array.from({ length: 10 }, () => get("/shop?category=cakes")));
    expect(crowd.every(({ response }) => response.status === 200)).toBe(true);
    expect(crowd.filter(({ timing }) => timing.page === "miss")).toHaveLength(1);
    expect(new Set(crowd.map(({ html }) => withoutNonce(html))).size).toBe(1);
  });

  it("a product write shows up on the next page view, never a stale price", async () => {
    const { id, version, price_pence } = await productRow("fougasse");
    await get("/products/fougasse");
    await expect.poll(async () => (await get("/products/fougasse")).timing.cache).toBe("hit");

    const newPrice = price_pence + 55;
    const result = await changeProduct(id, version, { pricePence: newPrice });
    expect(result).toEqual({ ok: true });
    expect((await productRow("fougasse")).version).toBe(version + 1);

    const after = await get("/products/fougasse");
    expect(after.timing.cache).toBe("miss");
    expect(after.html).toContain(`£${(newPrice / 100).toFixed(2)}`);
    const listing = await get("/shop?category=rye-and-wholegrain");
    expect(listing.html).toContain(`£${(newPrice / 100).toFixed(2)}`);
  });

  it("refuses a write based on a stale version and changes nothing", async () => {
    const { id, version, price_pence } = await productRow("challah");
    const first = await changeProduct(id, version, { summary: "Plaited, glazed, soft inside." });
    expect(first.ok).toBe(true);
    const second = await changeProduct(id, version, { pricePence: 1 });
    expect(second).toMatchObject({ ok: false, reason: "conflict" });
    expect((await productRow("challah")).price_pence).toBe(price_pence);
    expect(await changeProduct(999_999, 1, { pricePence: 1 })).toEqual({ ok: false, reason: "not-found" });
  });

  it("serves from D1 when KV has lost the version, never writing it back; the cron republishes it", async () => {
    const key = catalogVersionKey("test");
    await env.KV.delete(key);
    const { response, html } = await get("/shop?category=cakes");
    expect(response.status).toBe(200);
    expect(html).toContain("Carrot &amp; Walnut Cake");
    // Readers never write the mirror: a crowd of them could not keep to one write a second.
    expect(await env.KV.get(key)).toBeNull();
    expect(await republishCatalogVersion(testContext())).toBe(true);
    const inD1 = await env.DB.prepare("SELECT version FROM catalog_meta WHERE id = 1").first<number>("version");
    expect(Number(await env.KV.get(key))).toBe(inD1);
    // Nothing to do the next time: no write.
    expect(await republishCatalogVersion(testContext())).toBe(false);
  });

  it("a failing KV read falls back to D1 and the page is served", async () => {
    const ctx = testContext();
    const failingKv = new Proxy(ctx.kv, {
      get: (target, prop) =>
        prop === "get" ? () => Promise.reject(new Error("KV GET failed: 503")) : Reflect.get(target, prop).bind(target),
    });
    const inD1 = await env.DB.prepare("SELECT version FROM catalog_meta WHERE id = 1").first<number>("version");
    expect(await getCatalogVersion({ ...ctx, kv: failingKv })).toBe(inD1);
  });

  it("an isolate trusts the version it read for a while; an edit made here forgets it at once", async () => {
    const ctx = testContext();
    // A request as in production, where the isolate trusts its last read (the tests' Worker does not).
    const request = (kv = ctx.kv) => ({
      ...ctx,
      kv,
      env: { ...ctx.env, SHARED_STATE_TRUST_MS: 5_000 },
      memo: new Map(),
    });
    const key = catalogVersionKey("test");
    const seen = await getCatalogVersion({ ...request(), env: { ...ctx.env, SHARED_STATE_TRUST_MS: 0 } });
    // Another location's edit, as KV shows it here: this isolate keeps what it read.
    await env.KV.put(key, String(seen + 100));
    expect(await getCatalogVersion(request())).toBe(seen);

    // A read that began before an edit made here is used by its own request, not remembered.
    let answer: (value: string) => void = () => {};
    const slowKv = new Proxy(ctx.kv, {
      get: (target, prop) =>
        prop === "get"
          ? () => new Promise<string>((resolve) => (answer = resolve))
          : Reflect.get(target, prop).bind(target),
    });
    const { id, version } = await productRow("fougasse");
    const racing = getCatalogVersion({ ...request(slowKv), env: { ...ctx.env, SHARED_STATE_TRUST_MS: 0 } });
    expect((await changeProduct(id, version, { summary: "Leaf-shaped, olive oil and sea salt." })).ok).toBe(true);
    answer(String(seen));
    expect(await racing).toBe(seen);

    // The edit forgot the trusted version: the next request reads the mirror the edit wrote.
    const inD1 = await env.DB.prepare("SELECT version FROM catalog_meta WHERE id = 1").first<number>("version");
    expect(Number(await env.KV.get(key))).toBe(inD1);
    expect(await getCatalogVersion(request())).toBe(inD1);
  });

  it("an order moves no catalogue version and writes nothing to KV; pages read what is left live", async () => {
    const { id } = await product("cinnamon-bun");
    const day = "2026-12-04";
    const before = await env.DB.prepare("SELECT version FROM catalog_meta WHERE id = 1").first<number>("version");
    const ctx = testContext();
    const puts: string[] = [];
    const countingKv = new Proxy(ctx.kv, {
      get: (target, prop) =>
        prop === "put"
          ? (key: string, ...rest: unknown[]) => {
              puts.push(key);
              return (target.put as (...args: unknown[]) => Promise<void>)(key, ...rest);
            }
          : Reflect.get(target, prop).bind(target),
    });
    const basketId = crypto.randomUUID();
    await changeBasket(ctx, basketId, { intent: "add", productId: id, quantity: 2 });
    const reserved = await reserveOrder(
      { ...ctx, kv: countingKv },
      basketId,
      details({ slotDate: day, slotTime: "10:00" }),
    );
    expect(reserved.ok).toBe(true);
    if (reserved.ok) await releaseReservation({ ...ctx, kv: countingKv }, reserved.order.id);
    expect(puts).toEqual([]);
    expect(await env.DB.prepare("SELECT version FROM catalog_meta WHERE id = 1").first<number>("version")).toBe(before);

    // A visitor with a basket (a cookie: no shared page) sees the live number at once.
    const visitor = { headers: { Cookie: "bob_basket=x", "X-Test-Now": "2026-12-01T09:00:00Z" } };
    const daily = (await product("cinnamon-bun")).daily;
    const held = await reserveOrder(
      testContext(),
      await basketOf(id, 3),
      details({ slotDate: day, slotTime: "10:00" }),
    );
    expect(held.ok).toBe(true);
    const page = (await get("/products/cinnamon-bun", visitor)).html.replaceAll("<!-- -->", "");
    expect(page).toContain(`Fri 4 Dec</span>: ${daily - 3} left`);
  });

  it("two admins saving within a second, with KV limited as in production: both saved, the mirror ends on the newest", async () => {
    const admin = await signedInAs("admin");
    const ctx = { ...testContext(), kv: withKvWriteLimit(testContext().kv) };
    const [rye, challah] = [await productRow("danish-rye"), await productRow("challah")];
    const results = await Promise.all([
      saveProduct(ctx, admin.id, rye.id, rye.version, { summary: "Dense and dark." }),
      saveProduct(ctx, admin.id, challah.id, challah.version, { summary: "Plaited and glazed." }),
    ]);
    expect(results).toEqual([{ ok: true }, { ok: true }]);
    const inD1 = await env.DB.prepare("SELECT version FROM catalog_meta WHERE id = 1").first<number>("version");
    // One of the two writes was refused (a second write to the key within a second) and retried.
    expect(Number(await env.KV.get(catalogVersionKey("test")))).toBe(inD1);
    expect(mostKvWritesPerKeyPerSecond()).toBeGreaterThanOrEqual(2);
  });

  it("a KV write refused at the one-write-a-second limit does not fail a committed change", async () => {
    const { id, version, price_pence } = await productRow("challah");
    const admin = await signedInAs("admin");
    const ctx = testContext();
    // KV answers 429 to a second write to a key within a second; here, to every write.
    const refusingKv = new Proxy(ctx.kv, {
      get: (target, prop) =>
        prop === "put"
          ? () => Promise.reject(new Error("KV PUT failed: 429 Too Many Requests"))
          : Reflect.get(target, prop).bind(target),
    });
    const before = await env.DB.prepare("SELECT version FROM catalog_meta WHERE id = 1").first<number>("version");
    const result = await saveProduct({ ...ctx, kv: refusingKv }, admin.id, id, (await productRow("challah")).version, {
      pricePence: price_pence + 1,
    });
    expect(result).toEqual({ ok: true });
    expect((await productRow("challah")).version).toBeGreaterThan(version);
    expect(await env.DB.prepare("SELECT version FROM catalog_meta WHERE id = 1").first<number>("version")).toBe(
      (before ?? 0) + 1,
    );
  });
});
