import { Resend } from "resend";
import { RESEND_WEBHOOK_MAX_BYTES } from "../lib/constants";
import { ResendEmailEvent, recordEmailEvent } from "../modules/email/delivery-events.server";
import { readBodyWithin } from "../modules/forms/read-form.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/webhooks.resend";

/**
 * Resend's delivery webhooks (decision 022): signed with svix headers over the exact body, checked
 * with the Resend SDK's own verifier (which also refuses a timestamp more than five minutes off).
 */
export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const secret = ctx.env.RESEND_WEBHOOK_SECRET;
  if (!secret) return new Response("Not Found", { status: 404 });
  const payload = new TextDecoder().decode(await readBodyWithin(request, RESEND_WEBHOOK_MAX_BYTES));
  const id = request.headers.get("svix-id") ?? "";
  let verified: unknown;
  try {
    verified = new Resend("re_verify_only").webhooks.verify({
      payload,
      headers: {
        id,
        timestamp: request.headers.get("svix-timestamp") ?? "",
        signature: request.headers.get("svix-signature") ?? "",
      },
      webhookSecret: secret,
    });
  } catch (error) {
    ctx.logger.warn("resend webhook rejected", { error: String(error) });
    return Response.json({ error: "invalid signature" }, { status: 400 });
  }
  const event = ResendEmailEvent.safeParse(verified);
  if (!event.success || !id || id.length > 200) {
    // Signed but not an email event we read (a domain or contact event): acknowledged, not acted on.
    ctx.logger.info("resend webhook not an email event", { id });
    return Response.json({ received: true, outcome: "ignored" });
  }
  const outcome = await recordEmailEvent(ctx, id, event.data);
  ctx.logger.info("resend webhook", { id, type: event.data.type, outcome });
  return Response.json({ received: true, outcome });
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
