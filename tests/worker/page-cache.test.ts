import { describe, expect, it } from "vitest";
import { get, retireCatalogCache } from "./helpers";

const nonceOf = (csp: string | null) => csp?.match(/'nonce-([^']+)'/)?.[1];

describe("whole-page cache for anonymous visitors", () => {
  it("serves a repeat view from the cache with this response's own nonce", async () => {
    const path = "/shop?category=sourdough";
    await retireCatalogCache();
    const first = await get(path);
    expect(first.timing.page).toBe("miss");
    await expect.poll(async () => (await get(path)).timing.page).toBe("hit");

    const hit = await get(path);
    expect(hit.timing.d1Queries).toBe(0);
    const nonce = nonceOf(hit.response.headers.get("Content-Security-Policy"));
    expect(nonce).toBeTruthy();
    expect(nonce).not.toBe(nonceOf(first.response.headers.get("Content-Security-Policy")));
    // Every script carries the new nonce and the old one is gone.
    expect(hit.html).toContain(`nonce="${nonce}"`);
    expect(hit.html).not.toContain(nonceOf(first.response.headers.get("Content-Security-Policy")));
    expect(hit.html.replaceAll(nonce ?? "", "N")).toBe(
      first.html.replaceAll(nonceOf(first.response.headers.get("Content-Security-Policy")) ?? "", "N"),
    );
  });

  it("never serves a page older than its maximum age (10 s), from memory or the Cache API", async () => {
    const path = "/shop?category=pastries";
    const at = (time: string) => ({ headers: { "X-Test-Now": time } });
    await retireCatalogCache();
    expect((await get(path, at("2026-12-01T08:00:00Z"))).timing.page).toBe("miss");
    expect((await get(path, at("2026-12-01T08:00:09Z"))).timing.page).toBe("hit");
    expect((await get(path, at("2026-12-01T08:00:10Z"))).timing.page).toBe("miss");
    expect((await get(path, at("2026-12-01T08:00:11Z"))).timing.page).toBe("hit");
  });

  it("never shares a page rendered for a visitor with cookies", async () => {
    const path = "/products/danish-rye";
    await get(path);
    await expect.poll(async () => (await get(path)).timing.page).toBe("hit");
    const withCookie = await get(path, { headers: { Cookie: "basket=abc" } });
    expect(withCookie.timing.page).toBe("bypass");
  });

  it("only stores canonical URLs, so made-up query strings cannot fill the cache", async () => {
    for (const path of ["/products/danish-rye?utm=1", "/?x=1", "/shop?category=sourdough&junk=2", "/shop?page=1"]) {
      await get(path);
      expect((await get(path)).timing.page, path).toBe("bypass");
    }
  });

  it("does not cache error pages", async () => {
    await get("/products/not-a-product");
    const again = await get("/products/not-a-product");
    expect(again.response.status).toBe(404);
    expect(again.timing.page).toBe("miss");
  });

  it("a catalogue change retires every cached page", async () => {
    const path = "/";
    await get(path);
    await expect.poll(async () => (await get(path)).timing.page).toBe("hit");
    await retireCatalogCache();
    expect((await get(path)).timing.page).toBe("miss");
  });
});
