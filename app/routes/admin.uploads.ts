import { data } from "react-router";
import { z } from "zod";
import { ACCEPTED_IMAGE_TYPES } from "../lib/constants";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { signDirectUpload, UPLOAD_MESSAGES } from "../modules/media/uploads.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit, tooManyAttemptsMessage } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.uploads";

const SignRequest = z.object({ contentType: z.enum(ACCEPTED_IMAGE_TYPES), size: z.number().int().positive() });

/** POST {contentType, size} → a signed URL the browser PUTs the file to (JSON, for the uploader). */
export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const limit = await checkRateLimit(ctx, [["uploads", `user:${admin.id}`]]);
  if (!limit.allowed) {
    return data(
      { error: tooManyAttemptsMessage(limit.retryAfterSeconds) },
      { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }
  const parsed = SignRequest.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return data({ error: UPLOAD_MESSAGES["not-an-image"] }, { status: 415 });
  const signed = await signDirectUpload(ctx, admin.id, parsed.data);
  if (!signed.ok) {
    return data({ error: UPLOAD_MESSAGES[signed.problem] }, { status: signed.problem === "quota" ? 429 : 413 });
  }
  return data(signed.signed);
}
