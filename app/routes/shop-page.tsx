import { data } from "react-router";
import { originFromMatches, pageMeta } from "../lib/seo";
import { SHOP_COOKIES } from "../modules/pages/cookie-list";
import { isShopPageSlug } from "../modules/pages/page-defaults";
import { loadShopPage } from "../modules/pages/shop-pages.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/shop-page";

/**
 * /privacy, /terms, /allergens and /cookies (app/routes.ts): the page is named by its route's
 * pattern (the request's own path ends in `.data` when a client-side navigation asks).
 */
export async function loader({ pattern, context }: Route.LoaderArgs) {
  const slug = pattern.replace(/^\//, "");
  if (!isShopPageSlug(slug)) throw data({ message: "That page doesn't exist." }, { status: 404 });
  const { title, description, html, updatedAt } = await loadShopPage(getRequestContext(context), slug);
  return { slug, title, description, html, updatedAt };
}

export const meta: Route.MetaFunction = ({ loaderData, matches }) =>
  loaderData
    ? pageMeta({
        title: loaderData.title,
        description: loaderData.description,
        origin: originFromMatches(matches),
        path: `/${loaderData.slug}`,
      })
    : [];

const updated = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export default function ShopPage({ loaderData }: Route.ComponentProps) {
  const { slug, title, html, updatedAt } = loaderData;
  return (
    <article aria-labelledby="page-heading" className="max-w-3xl">
      <h1 id="page-heading" className="font-serif text-3xl font-bold text-crust-900">
        {title}
      </h1>
      {updatedAt ? (
        <p className="mt-1 text-sm text-stone-700">{`Last updated ${updated.format(new Date(updatedAt))}`}</p>
      ) : null}
      <div
        className="page-text mt-6"
        // Rendered on the server by markdown-it with raw HTML escaped and unsafe links refused
        // (markdown.server.ts, decision 026).
        dangerouslySetInnerHTML={{ __html: html }}
      />
      {slug === "cookies" ? <CookieTable /> : null}
    </article>
  );
}

/** The cookies themselves, from the code's own list (kept complete by a unit test). */
function CookieTable() {
  return (
    <table className="mt-6 w-full border-collapse text-left text-sm">
      <caption className="mb-2 text-left font-serif text-xl font-bold text-crust-900">Every cookie we set</caption>
      <thead>
        <tr className="border-b border-crust-300">
          <th scope="col" className="py-2 pr-4">
            Name
          </th>
          <th scope="col" className="py-2 pr-4">
            What it is for
          </th>
          <th scope="col" className="py-2">
            How long it lasts
          </th>
        </tr>
      </thead>
      <tbody>
        {SHOP_COOKIES.map((cookie) => (
          <tr key={cookie.name} className="border-b border-crust-100 align-top">
            <th scope="row" className="py-2 pr-4 font-mono font-normal">
              {cookie.name}
            </th>
            <td className="py-2 pr-4">{cookie.purpose}</td>
            <td className="py-2">{cookie.lasts}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
