import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { checkHealth } from "../../app/modules/observability/health.server";
import { createLogger } from "../../app/modules/observability/logger.server";
import { get, retireCatalogCache } from "./helpers";

describe("/health", () => {
  it("reports every part ok with 200", async () => {
    const { response, html } = await get("/health");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(JSON.parse(html)).toEqual({ status: "ok", checks: { d1: "ok", kv: "ok", r2: "ok" } });
  });

  it("names D1 as failing when the database is not migrated", async () => {
    const report = await checkHealth({ DB: env.EMPTY_DB, KV: env.KV, MEDIA: env.MEDIA }, createLogger({}, "error"));
    expect(report).toEqual({ status: "fail", checks: { d1: "fail", kv: "ok", r2: "ok" } });
  });
});

describe("/media/*", () => {
  const key = "products/test-loaf-00112233445566778899-640.webp";
  const bytes = new Uint8Array([82, 73, 70, 70, 1, 2, 3, 4]);

  it("serves R2 objects with type, ETag and immutable caching for content-addressed keys", async () => {
    await env.MEDIA.put(key, bytes, { httpMetadata: { contentType: "image/webp" } });
    const { response } = await get(`/media/${key}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/webp");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    const etag = response.headers.get("ETag");
    expect(etag).toMatch(/^".+"$/);

    const revalidated = await get(`/media/${key}`, { headers: { "If-None-Match": etag ?? "" } });
    expect(revalidated.response.status).toBe(304);
  });

  it("caches keys without a content hash only briefly", async () => {
    await env.MEDIA.put("products/banner.webp", bytes, { httpMetadata: { contentType: "image/webp" } });
    const { response } = await get("/media/products/banner.webp");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=300");
  });

  it("404s for missing objects and path tricks", async () => {
    expect((await get("/media/products/missing.webp")).response.status).toBe(404);
    expect((await get("/media/..%2F..%2Fsecrets")).response.status).toBe(404);
  });

  it("never serves anything outside product images and uploads, such as the D1 backups", async () => {
    await env.MEDIA.put("backups/d1/2030-01-01T00-00-00-000Z.sql", "INSERT INTO users …");
    expect((await get("/media/backups/d1/2030-01-01T00-00-00-000Z.sql")).response.status).toBe(404);
    await env.MEDIA.put("site/banner.webp", bytes);
    expect((await get("/media/site/banner.webp")).response.status).toBe(404);
  });
});

describe("sitemap.xml and robots.txt", () => {
  it("lists active products and categories with absolute URLs, and no draft or archived product", async () => {
    // Three new products alike but for their status: only the active one may be listed.
    for (const status of ["active", "draft", "archived"]) {
      await env.DB.prepare(
        `INSERT INTO products (slug, name, category_id, price_pence, status)
         VALUES (?, ?, (SELECT id FROM categories LIMIT 1), 100, ?)`,
      )
        .bind(`sitemap-${status}-loaf`, `Sitemap ${status} loaf`, status)
        .run();
    }
    await retireCatalogCache();
    const { response, html } = await get("/sitemap.xml");
    expect(response.headers.get("Content-Type")).toContain("application/xml");
    expect(html).toContain("<loc>https://shop.test/products/country-sourdough</loc>");
    expect(html).toContain("<loc>https://shop.test/products/sitemap-active-loaf</loc>");
    expect(html).not.toContain("sitemap-draft-loaf");
    expect(html).not.toContain("sitemap-archived-loaf");
    expect(html).toContain("<loc>https://shop.test/shop?category=pastries</loc>");
  });

  it("points crawlers at the sitemap", async () => {
    const { html } = await get("/robots.txt");
    expect(html).toContain("Sitemap: https://shop.test/sitemap.xml");
  });
});

describe("security headers and request ids", () => {
  it("sends a nonce-based CSP whose nonce is on every script", async () => {
    const { response, html } = await get("/");
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    const scripts = [...html.matchAll(/<script(?![^>]*type="application\/ld\+json")([^>]*)>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes] of scripts) expect(attributes).toContain(`nonce="${nonce}"`);

    const again = await get("/");
    expect(again.response.headers.get("Content-Security-Policy")).not.toContain(nonce);
  });

  it("inlines the stylesheet, allowed by its hash and nothing else inline", async () => {
    const { response, html } = await get("/products/country-sourdough");
    const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((match) => match[1] ?? "");
    expect(styles).toHaveLength(1);
    expect(styles[0]).toContain("--color-crust-700");
    expect(html).not.toMatch(/<link[^>]*rel="stylesheet"/);
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(styles[0]));
    const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
    const styleSources = response.headers.get("Content-Security-Policy")?.match(/style-src ([^;]+)/)?.[1];
    expect(styleSources).toBe(`'self' 'sha256-${hash}'`);
  });

  it("leaves the page's scripts until it has loaded: no module preloads in the HTML", async () => {
    const { html } = await get("/products/country-sourdough");
    expect(html).not.toContain('rel="modulepreload"');
    const moduleScript = /<script[^>]* type="module"[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(moduleScript).toMatch(/^await new Promise\(\(loaded\) =>/);
    expect(moduleScript).toMatch(/const route0 = await import\("\/assets\/root-[\w-]+\.js"\);/);
    expect(moduleScript).toContain("window.__reactRouterRouteModules");
  });

  it("sets the other security headers, without HSTS on local http", async () => {
    const { response } = await get("/shop");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("Strict-Transport-Security")).toBeNull();
    expect(response.headers.get("X-Request-Id")).toMatch(/[0-9a-f-]{36}/);
    expect(response.headers.get("Server-Timing")).toMatch(/total;dur=[\d.]+/);
  });

  it("answers the liveness probe without touching the database", async () => {
    const { response, html, timing } = await get("/livez");
    expect(response.status).toBe(200);
    expect(html).toBe("ok");
    expect(timing.d1Queries).toBe(0);
  });
});

describe("local outbox preview", () => {
  it("shows an email as a mail app would: its inline styles apply, nothing in it runs or loads", async () => {
    const row = await env.DB.prepare(
      `INSERT INTO email_outbox (kind, recipient, subject, html, text)
       VALUES ('test', 'someone@example.com', 'Styled', '<p style="color:#7a4a1f">Hello</p><script>alert(1)</script>', 'Hello')
       RETURNING id`,
    ).first<{ id: number }>();
    const { response, html } = await get(`/outbox/${row?.id}`);
    expect(response.status).toBe(200);
    expect(html).toContain('<p style="color:#7a4a1f">Hello</p>');
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).not.toMatch(/script-src/);
  });
});
