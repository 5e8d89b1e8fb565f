import { data, Form, Link, useNavigation, useSubmit } from "react-router";
import { Button } from "../components/forms/button";
import { ProductGrid } from "../components/product-card";
import { ALLERGENS, DIETARY_TAGS, SHOP_SORTS } from "../lib/constants";
import { originFromMatches, pageMeta } from "../lib/seo";
import { parseShopFilters } from "../modules/catalog/filters";
import { listCategories, searchProducts } from "../modules/catalog/queries.server";
import { shopHref } from "../modules/catalog/shop-url";
import { getRequestContext } from "../modules/platform/request-context.server";
import { withNextBakeDays } from "../modules/production/bake-days.server";
import type { Route } from "./+types/shop";

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const filters = parseShopFilters(new URL(request.url).searchParams);
  const [results, categories] = await Promise.all([searchProducts(ctx, filters), listCategories(ctx)]);
  // A category that does not exist is a missing page (never a cached empty listing).
  if (filters.category && !categories.some((c) => c.slug === filters.category)) {
    throw data({ message: "We don't have a category by that name. Browse everything instead?" }, { status: 404 });
  }
  return { filters, results: { ...results, products: await withNextBakeDays(ctx, results.products) }, categories };
}

export const meta: Route.MetaFunction = ({ loaderData, matches }) => {
  const filters = loaderData?.filters;
  const category = loaderData?.categories.find((c) => c.slug === filters?.category);
  const title = filters?.q ? `Search: ${filters.q}` : (category?.name ?? "Shop all bread and cakes");
  // Search and filter combinations are not separate pages: canonical points at the category or shop.
  const path = category ? `/shop?category=${category.slug}` : "/shop";
  return pageMeta({
    title,
    description:
      category?.description || "Every loaf, pastry and cake we bake, with allergens and dietary information.",
    origin: originFromMatches(matches),
    path,
  });
};

export default function Shop({ loaderData }: Route.ComponentProps) {
  const { filters, results, categories } = loaderData;
  const navigation = useNavigation();
  const submit = useSubmit();
  const searching = navigation.state === "loading" && navigation.location.pathname === "/shop";
  const category = categories.find((c) => c.slug === filters.category);
  const activeFilters = (filters.category ? 1 : 0) + filters.diet.length + filters.freeFrom.length;
  const heading = filters.q ? `Results for “${filters.q}”` : (category?.name ?? "All bread and cakes");

  return (
    <div className="grid gap-8 lg:grid-cols-[16rem_1fr]">
      <aside aria-labelledby="filters-heading">
        {/* Collapsed on small screens (the results come first) unless filters are in use;
            always open on wide screens, where ::details-content is forced visible. */}
        <details
          open={activeFilters > 0}
          className="rounded-xl border border-crust-200 bg-white p-4 lg:border-0 lg:bg-transparent lg:p-0 lg:details-content:[content-visibility:visible]"
        >
          <summary id="filters-heading" className="cursor-pointer font-semibold text-crust-900 lg:sr-only">
            Filter and sort{activeFilters > 0 ? ` (${activeFilters} active)` : ""}
          </summary>
          <Form
            method="get"
            action="/shop"
            className="mt-4 space-y-6 lg:mt-0"
            onChange={(event) => {
              // Typing in the search box waits for Enter or Apply; ticking a box applies at once.
              if (event.target instanceof HTMLInputElement && event.target.type === "search") return;
              submit(event.currentTarget, { preventScrollReset: true, replace: true });
            }}
          >
            <div>
              <label htmlFor="shop-q" className="block font-semibold text-stone-900">
                Search
              </label>
              <input
                id="shop-q"
                type="search"
                name="q"
                defaultValue={filters.q}
                key={filters.q}
                maxLength={100}
                className="mt-2 w-full rounded-lg border border-stone-300 px-3 py-2"
              />
            </div>

            <fieldset>
              <legend className="font-semibold text-stone-900">Category</legend>
              <div className="mt-2 space-y-1.5">
                <label className="flex items-center gap-2">
                  <input type="radio" name="category" value="" defaultChecked={!filters.category} />
                  All categories
                </label>
                {categories.map((c) => (
                  <label key={c.id} className="flex items-center gap-2">
                    <input type="radio" name="category" value={c.slug} defaultChecked={filters.category === c.slug} />
                    {c.name}
                  </label>
                ))}
              </div>
            </fieldset>

            <fieldset>
              <legend className="font-semibold text-stone-900">Dietary</legend>
              <div className="mt-2 space-y-1.5">
                {DIETARY_TAGS.map((d) => (
                  <label key={d.id} className="flex items-center gap-2">
                    <input type="checkbox" name="diet" value={d.id} defaultChecked={filters.diet.includes(d.id)} />
                    {d.label}
                  </label>
                ))}
              </div>
            </fieldset>

            <fieldset>
              <legend className="font-semibold text-stone-900">Free from</legend>
              <div className="mt-2 grid grid-cols-1 gap-1.5">
                {ALLERGENS.map((a) => (
                  <label key={a.id} className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      name="free-from"
                      value={a.id}
                      defaultChecked={filters.freeFrom.includes(a.id)}
                    />
                    {a.label}
                  </label>
                ))}
              </div>
            </fieldset>

            <div>
              <label htmlFor="shop-sort" className="block font-semibold text-stone-900">
                Sort by
              </label>
              <select
                id="shop-sort"
                name="sort"
                defaultValue={filters.sort}
                className="mt-2 w-full rounded-lg border border-stone-300 bg-white px-3 py-2"
              >
                {SHOP_SORTS.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>

            <div className="flex gap-3">
              <Button size="md">Apply</Button>
              <Link
                to="/shop"
                className="rounded-full px-3 py-2 font-semibold text-crust-800 underline-offset-4 hover:underline"
              >
                Clear all
              </Link>
            </div>
          </Form>
        </details>
      </aside>

      <section aria-labelledby="results-heading" aria-busy={searching}>
        <h1 id="results-heading" className="font-serif text-3xl font-bold text-crust-900">
          {heading}
        </h1>
        <p className="mt-1 text-stone-700" role="status">
          {results.total === 1 ? "1 product" : `${results.total} products`}
          {results.pageCount > 1 ? `, page ${results.page} of ${results.pageCount}` : ""}
        </p>
        <div className={`mt-6 transition-opacity ${searching ? "opacity-60" : ""}`}>
          {results.products.length > 0 ? (
            <ProductGrid products={results.products} eagerCount={2} headingLevel={2} />
          ) : (
            <div className="rounded-2xl border border-dashed border-crust-300 bg-white p-8 text-center">
              <p className="font-semibold">Nothing matches those choices.</p>
              <p className="mt-2 text-stone-700">
                Try fewer filters or another word, or{" "}
                <Link to="/shop" className="font-semibold text-crust-700 underline">
                  see everything we bake
                </Link>
                .
              </p>
            </div>
          )}
        </div>
        {results.pageCount > 1 ? (
          <nav aria-label="Pages" className="mt-8 flex items-center justify-center gap-2">
            {results.page > 1 ? (
              <Link
                to={shopHref(filters, { page: results.page - 1 })}
                rel="prev"
                className="rounded-full border border-crust-300 px-4 py-2 font-semibold"
              >
                Previous
              </Link>
            ) : null}
            {Array.from({ length: results.pageCount }, (_, i) => i + 1).map((page) => (
              <Link
                key={page}
                to={shopHref(filters, { page })}
                aria-current={page === results.page ? "page" : undefined}
                className={`rounded-full px-4 py-2 font-semibold ${page === results.page ? "bg-crust-700 text-white" : "border border-crust-300"}`}
              >
                <span className="sr-only">Page </span>
                {page}
              </Link>
            ))}
            {results.page < results.pageCount ? (
              <Link
                to={shopHref(filters, { page: results.page + 1 })}
                rel="next"
                className="rounded-full border border-crust-300 px-4 py-2 font-semibold"
              >
                Next
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
