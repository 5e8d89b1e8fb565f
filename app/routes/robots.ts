import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/robots";

export function loader({ context }: Route.LoaderArgs) {
  const { env, url } = getRequestContext(context);
  const origin = env.APP_URL ?? url.origin;
  // Only production is indexed; staging must never compete with it in search results.
  const body =
    env.APP_ENV === "staging"
      ? "User-agent: *\nDisallow: /\n"
      : `User-agent: *\nAllow: /\n\nSitemap: ${origin}/sitemap.xml\n`;
  return new Response(body, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
