import { listCategories, listSitemapProducts } from "../modules/catalog/queries.server";
import { buildSitemap } from "../modules/catalog/sitemap";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import type { Route } from "./+types/sitemap";

export async function loader({ context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const [products, categories] = await Promise.all([listSitemapProducts(ctx), listCategories(ctx)]);
  const xml = buildSitemap(publicOrigin(ctx), products, categories);
  return new Response(xml, {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
