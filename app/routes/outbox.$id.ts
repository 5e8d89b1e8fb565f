import { localOutboxEnabled, outboxHtml } from "../modules/email/outbox.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import type { Route } from "./+types/outbox.$id";

export async function loader({ params, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const html = localOutboxEnabled(ctx) ? await outboxHtml(ctx, publicOrigin(ctx), Number(params.id)) : null;
  if (!html) {
    // A page, not bare text: a title, a heading and the way back (this route serves raw email HTML,
    // so it has no layout of its own).
    return new Response(
      `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Email not found</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1c1917"><h1>Email not found</h1><p>There is no email with this number in the local outbox.</p><p><a href="/outbox" style="color:#5c3716">Back to the outbox</a></p></body></html>`,
      {
        status: 404,
        headers: {
          "Content-Type": "text/html; charset=utf-8",
          "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        },
      },
    );
  }
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      // Shown as a mail app shows it: its inline styles apply; nothing in it can run or load.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
    },
  });
}
