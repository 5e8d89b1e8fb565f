import { requireUser } from "../modules/auth/guards.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { collectPersonalData, logExport } from "../modules/privacy/personal-data.server";
import { personalDataDownload } from "../modules/privacy/personal-data-download.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/account.data-json";

/** /account/data.json: the signed-in customer's own data, as a file (UK GDPR art. 20), logged. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  const limit = await checkRateLimit(ctx, [["writes", `user:${user.id}`]]);
  if (!limit.allowed) {
    return new Response("Too many downloads: try again in a minute.", {
      status: 429,
      headers: { "Retry-After": String(limit.retryAfterSeconds) },
    });
  }
  const subject = { userId: user.id, email: user.email };
  const [data] = await Promise.all([collectPersonalData(ctx, subject), logExport(ctx, subject, user.id)]);
  return personalDataDownload(data, ctx.now());
}
