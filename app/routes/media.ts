import { serveMedia } from "../modules/media/serve-media.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/media";

export function loader({ params, request, context }: Route.LoaderArgs) {
  return serveMedia(getRequestContext(context).media, params["*"] ?? "", request);
}
