import { requireRole, STAFF_ROLES } from "../modules/auth/guards.server";
import { renderNewsletter } from "../modules/newsletter/newsletter-content.server";
import { loadNewsletter } from "../modules/newsletter/newsletters.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import type { Route } from "./+types/admin.newsletters.$id.preview";

/**
 * A newsletter's HTML as subscribers get it, for the preview frame on its admin page: no scripts,
 * nothing loaded from elsewhere, framed only by this shop's own pages.
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, STAFF_ROLES);
  const newsletter = /^\d{1,9}$/.test(params.id) ? await loadNewsletter(ctx, Number(params.id)) : null;
  if (!newsletter) return new Response("No newsletter with that number.", { status: 404 });
  const { html } = await renderNewsletter(ctx.db, publicOrigin(ctx), newsletter);
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
      "X-Frame-Options": "SAMEORIGIN",
    },
  });
}
