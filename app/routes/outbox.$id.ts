import { localOutboxEnabled, outboxHtml } from "../modules/email/outbox.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/outbox.$id";

export async function loader({ params, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const html = localOutboxEnabled(ctx) ? await outboxHtml(ctx, Number(params.id)) : null;
  if (!html) return new Response("Not found", { status: 404 });
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      // Shown as a mail app shows it: its inline styles apply; nothing in it can run or load.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
    },
  });
}
