import { SHOP_PAGE_SLUGS } from "../pages/page-defaults";

type Entry = { path: string; lastmod?: string };

const escapeXml = (value: string) =>
  value.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c);

export function buildSitemap(
  origin: string,
  products: { slug: string; updatedAt: string }[],
  categories: { slug: string }[],
): string {
  const entries: Entry[] = [
    { path: "/" },
    { path: "/shop" },
    { path: "/contact" },
    ...SHOP_PAGE_SLUGS.map((slug) => ({ path: `/${slug}` })),
    ...categories.map((c) => ({ path: `/shop?category=${encodeURIComponent(c.slug)}` })),
    ...products.map((p) => ({ path: `/products/${encodeURIComponent(p.slug)}`, lastmod: p.updatedAt.slice(0, 10) })),
  ];
  const urls = entries
    .map((e) => {
      const loc = `<loc>${escapeXml(new URL(e.path, origin).toString())}</loc>`;
      return `  <url>${loc}${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ""}</url>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}
