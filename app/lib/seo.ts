import type { MetaDescriptor } from "react-router";
import { SHOP_NAME } from "./constants";

type PageMeta = { title: string; description: string; origin: string | undefined; path: string; image?: string };

/** Title, description, canonical and social tags for a page, built the same way everywhere. */
export function pageMeta({ title, description, origin, path, image }: PageMeta): MetaDescriptor[] {
  const fullTitle = title === SHOP_NAME ? title : `${title} | ${SHOP_NAME}`;
  const canonical = origin ? new URL(path, origin).toString() : path;
  const tags: MetaDescriptor[] = [
    { title: fullTitle },
    { name: "description", content: description },
    { tagName: "link", rel: "canonical", href: canonical },
    { property: "og:title", content: fullTitle },
    { property: "og:description", content: description },
    { property: "og:url", content: canonical },
    { property: "og:site_name", content: SHOP_NAME },
  ];
  if (image) tags.push({ property: "og:image", content: origin ? new URL(image, origin).toString() : image });
  return tags;
}

type MatchWithData = { id: string; loaderData?: unknown } | undefined;

/** The public origin the root loader worked out (APP_URL, else the request's own). */
export function originFromMatches(matches: readonly MatchWithData[]): string | undefined {
  const root = matches.find((m) => m?.id === "root")?.loaderData as { origin?: string } | undefined;
  return root?.origin;
}
