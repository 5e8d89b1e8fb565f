import { checkHealth } from "../modules/observability/health.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/health";

export async function loader({ context }: Route.LoaderArgs) {
  const { bindings, logger } = getRequestContext(context);
  const report = await checkHealth(bindings, logger);
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
