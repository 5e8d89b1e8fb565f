import { describe, expect, it } from "vitest";
import { formatMoney, minorUnitsToDecimalString } from "../../app/lib/money";
import { buildSitemap } from "../../app/modules/catalog/sitemap";
import { mediaUrl, toImageView } from "../../app/modules/media/image-view";
import { isContentAddressed } from "../../app/modules/media/serve-media.server";
import { firstOnSale, nextDayLabel } from "../../app/modules/production/next-day";
import { contentSecurityPolicy } from "../../app/modules/security/headers.server";

describe("money", () => {
  it("formats pence as pounds", () => {
    expect(formatMoney(480)).toBe("£4.80");
    expect(formatMoney(2800)).toBe("£28.00");
    expect(formatMoney(5)).toBe("£0.05");
  });

  it("writes schema.org decimals without float drift", () => {
    expect(minorUnitsToDecimalString(1005)).toBe("10.05");
    expect(minorUnitsToDecimalString(7)).toBe("0.07");
    expect(minorUnitsToDecimalString(-250)).toBe("-2.50");
  });
});

describe("a card's next bake day", () => {
  it("is the first day on sale or opening, said plainly, with few left flagged", () => {
    const next = firstOnSale([
      { date: "2026-12-04", status: "sold-out" },
      { date: "2026-12-05", status: "available", left: 3 },
      { date: "2026-12-08", status: "available", left: 20 },
    ]);
    expect(next).toEqual({ date: "2026-12-05", status: "available", left: 3 });
    expect(nextDayLabel(next)).toEqual({ text: "3 left for Sat 5 Dec", tone: "low" });
    expect(nextDayLabel({ date: "2026-12-08", status: "available", left: 20 })).toEqual({
      text: "Next bake Tue 8 Dec",
      tone: "on-sale",
    });
    expect(nextDayLabel({ date: "2026-12-05", status: "opens-later", opensAt: "2026-12-03T18:00", left: 48 })).toEqual({
      text: "On sale Thu 3 Dec, 18:00",
      tone: "later",
    });
    expect(nextDayLabel(firstOnSale([{ date: "2026-12-06", status: "closed", reason: "Closed" }]))).toEqual({
      text: "Not on sale soon",
      tone: "none",
    });
  });
});

describe("images", () => {
  it("builds srcset smallest first and a mid-size src", () => {
    const view = toImageView({
      r2Key: "products/a-0011223344556677-960.webp",
      alt: "A loaf",
      width: 960,
      height: 720,
      variants: [
        { width: 960, key: "products/a-0011223344556677-960.webp" },
        { width: 320, key: "products/a-0011223344556677-320.webp" },
        { width: 640, key: "products/a-0011223344556677-640.webp" },
      ],
    });
    expect(view.srcSet).toBe(
      "/media/products/a-0011223344556677-320.webp 320w, /media/products/a-0011223344556677-640.webp 640w, /media/products/a-0011223344556677-960.webp 960w",
    );
    expect(view.src).toBe("/media/products/a-0011223344556677-640.webp");
    expect(view).toMatchObject({ width: 960, height: 720, alt: "A loaf" });
  });

  it("escapes each path segment of a media key", () => {
    expect(mediaUrl("products/rye & caraway.webp")).toBe("/media/products/rye%20%26%20caraway.webp");
  });

  it("recognises content-addressed keys", () => {
    expect(isContentAddressed("products/rye-0123456789abcdef-640.webp")).toBe(true);
    expect(isContentAddressed("site/banner.webp")).toBe(false);
  });
});

describe("content security policy", () => {
  it("allows only nonce'd scripts and no framing in production", () => {
    const csp = contentSecurityPolicy({ nonce: "abc", local: false, dev: false });
    expect(csp).toContain("script-src 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
  });
});

describe("sitemap", () => {
  it("escapes URLs and includes lastmod dates", () => {
    const xml = buildSitemap(
      "https://bakers.example",
      [{ slug: "rye", updatedAt: "2026-11-01T10:00:00.000Z" }],
      [{ slug: "a&b" }],
    );
    expect(xml).toContain("<loc>https://bakers.example/products/rye</loc><lastmod>2026-11-01</lastmod>");
    expect(xml).toContain("<loc>https://bakers.example/shop?category=a%26b</loc>");
  });
});

describe("security headers", () => {
  it("adds HSTS only outside local http", async () => {
    const { applySecurityHeaders } = await import("../../app/modules/security/headers.server");
    const deployed = new Headers({ "Content-Type": "text/html" });
    applySecurityHeaders(deployed, { nonce: "n", local: false, dev: false });
    expect(deployed.get("Strict-Transport-Security")).toContain("max-age=63072000");
    expect(deployed.get("Content-Security-Policy")).toContain("'nonce-n'");

    const local = new Headers({ "Content-Type": "application/json" });
    applySecurityHeaders(local, { nonce: "n", local: true, dev: false });
    expect(local.get("Strict-Transport-Security")).toBeNull();
    expect(local.get("Content-Security-Policy")).toBeNull();
    expect(local.get("X-Content-Type-Options")).toBe("nosniff");
  });
});
