import { Link } from "react-router";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { SHOP_PAGE_SLUGS } from "../modules/pages/page-defaults";
import { readShopPage } from "../modules/pages/shop-pages.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/admin.pages";

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  const pages = await Promise.all(SHOP_PAGE_SLUGS.map((slug) => readShopPage(ctx, slug)));
  return { pages: pages.map(({ slug, title, customised, updatedAt }) => ({ slug, title, customised, updatedAt })) };
}

/** The shop's own pages, each with whether it still shows the default text. */
export default function AdminPages({ loaderData }: Route.ComponentProps) {
  return (
    <section aria-labelledby="pages-heading" className="max-w-3xl space-y-4">
      <h1 id="pages-heading" className="font-serif text-3xl font-bold text-crust-900">
        Pages
      </h1>
      <p>
        The shop's own pages, linked from the footer of every page. Each starts with a default written for a small UK
        bakery: read it, and make it say what your bakery does.
      </p>
      <ul className="divide-y divide-crust-200 rounded-2xl border border-crust-200 bg-white">
        {loaderData.pages.map((page) => (
          <li key={page.slug} className="flex flex-wrap items-center justify-between gap-3 p-4">
            <div>
              <p className="font-semibold">{page.title}</p>
              <p className="text-sm text-stone-700">
                {page.customised ? `Your text, saved ${page.updatedAt?.slice(0, 10)}` : "The default text"}
              </p>
            </div>
            <div className="flex gap-4">
              <Link to={`/${page.slug}`} className="font-semibold text-crust-700 underline">
                {`View ${page.title}`}
              </Link>
              <Link to={`/admin/pages/${page.slug}`} className="font-semibold text-crust-700 underline">
                {`Edit ${page.title}`}
              </Link>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
