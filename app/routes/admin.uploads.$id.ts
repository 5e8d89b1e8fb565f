import { UPLOAD_LIMITS } from "../lib/constants";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { receiveSignedUpload, UPLOAD_MESSAGES, verifyUploadSignature } from "../modules/media/uploads.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/admin.uploads.$id";

/**
 * PUT target of a signed upload when R2's S3 API isn't configured (local development): the same
 * contract as a presigned R2 URL (a signature that expires), checked here instead of by R2.
 */
export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  if (request.method !== "PUT") return new Response("Use PUT", { status: 405, headers: { Allow: "PUT" } });
  const url = new URL(request.url);
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > UPLOAD_LIMITS.maxBytes) return new Response(UPLOAD_MESSAGES["too-large"], { status: 413 });
  // The signature covers the type and exact size asked for, as a presigned R2 PUT's does.
  const valid = await verifyUploadSignature(ctx.env, params.id, {
    expires: url.searchParams.get("expires") ?? "",
    signature: url.searchParams.get("signature") ?? "",
    contentType: request.headers.get("Content-Type") ?? "",
    size: declared,
  });
  if (!valid) return new Response("This upload link is not valid or has expired.", { status: 403 });
  const problem = await receiveSignedUpload(ctx, params.id, await request.arrayBuffer());
  if (problem) return new Response(UPLOAD_MESSAGES[problem], { status: problem === "too-large" ? 413 : 415 });
  return new Response(null, { status: 204 });
}
