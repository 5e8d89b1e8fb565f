import { Link } from "react-router";
import { ProductGrid } from "../components/product-card";
import { SHOP_NAME, SHOP_TAGLINE } from "../lib/constants";
import { originFromMatches, pageMeta } from "../lib/seo";
import { getFeaturedProducts, listCategories } from "../modules/catalog/queries.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { withNextBakeDays } from "../modules/production/bake-days.server";
import type { Route } from "./+types/home";

export async function loader({ context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const [featured, categories] = await Promise.all([getFeaturedProducts(ctx), listCategories(ctx)]);
  return { featured: await withNextBakeDays(ctx, featured), categories };
}

export const meta: Route.MetaFunction = ({ matches }) =>
  pageMeta({
    title: SHOP_NAME,
    description: `${SHOP_TAGLINE}: sourdough, rye, pastries and cakes for collection or local delivery.`,
    origin: originFromMatches(matches),
    path: "/",
  });

export default function Home({ loaderData }: Route.ComponentProps) {
  const { featured, categories } = loaderData;
  return (
    <>
      <section className="rounded-3xl bg-crust-800 px-6 py-12 text-crust-50 sm:px-12">
        <h1 className="max-w-2xl font-serif text-4xl font-bold leading-tight sm:text-5xl">
          Real bread, baked this morning.
        </h1>
        <p className="mt-4 max-w-xl text-lg text-crust-100">
          Five bakers, one oven, slow-fermented loaves and honest cakes. Order online, collect from the bakery or have
          it delivered locally.
        </p>
        <Link
          to="/shop"
          className="mt-8 inline-block rounded-full bg-crust-50 px-6 py-3 font-semibold text-crust-900 hover:bg-white"
        >
          Shop today's bakes
        </Link>
      </section>

      <section aria-labelledby="categories-heading" className="mt-12">
        <h2 id="categories-heading" className="font-serif text-2xl font-bold text-crust-900">
          Browse by category
        </h2>
        <ul className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
          {categories.map((c) => (
            <li key={c.id}>
              <Link
                to={`/shop?category=${c.slug}`}
                className="block rounded-xl border border-crust-200 bg-white px-4 py-3 text-center font-semibold text-crust-800 hover:border-crust-500 hover:bg-crust-100"
              >
                {c.name}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="featured-heading" className="mt-12">
        <div className="flex items-baseline justify-between">
          <h2 id="featured-heading" className="font-serif text-2xl font-bold text-crust-900">
            Baker's favourites
          </h2>
          <Link to="/shop" className="font-semibold text-crust-700 underline-offset-4 hover:underline">
            See everything
          </Link>
        </div>
        <div className="mt-4">
          <ProductGrid products={featured} eagerCount={2} />
        </div>
      </section>
    </>
  );
}
