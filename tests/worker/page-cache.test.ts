import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { catalogVersionKey } from "../../app/modules/cache/keys";
import { get } from "./helpers";

const nonceOf = (csp: string | null) => csp?.match(/'nonce-([^']+)'/)?.[1];

describe("whole-page cache for anonymous visitors", () => {
  it("serves a repeat view from KV with this response's own nonce", async () => {
    const path = "/shop?category=sourdough&page-cache=1";
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

  it("never shares a page rendered for a visitor with cookies", async () => {
    const path = "/products/danish-rye?cookie-test=1";
    await get(path);
    await expect.poll(async () => (await get(path)).timing.page).toBe("hit");
    const withCookie = await get(path, { headers: { Cookie: "basket=abc" } });
    expect(withCookie.timing.page).toBe("bypass");
  });

  it("does not cache error pages", async () => {
    await get("/products/not-a-product");
    const again = await get("/products/not-a-product");
    expect(again.response.status).toBe(404);
    expect(again.timing.page).toBe("miss");
  });

  it("a catalogue change retires every cached page", async () => {
    const path = "/?retire=1";
    await get(path);
    await expect.poll(async () => (await get(path)).timing.page).toBe("hit");
    await env.DB.prepare("UPDATE catalog_meta SET version = version + 1 WHERE id = 1").run();
    await env.KV.delete(catalogVersionKey("test"));
    expect((await get(path)).timing.page).toBe("miss");
  });
});
