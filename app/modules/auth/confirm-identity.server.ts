import type { RequestContext } from "../platform/request-context.server";
import { checkRateLimit } from "../rate-limit/rate-limit.server";
import { confirmCurrentPassword } from "./account.server";
import { needsGoogleReauthentication, requireAccountProfile } from "./guards.server";
import { REAUTHENTICATE_FIRST } from "./reauthenticate";
import type { SessionUser } from "./session.server";

/** The answers of a form read with readSubmission that a refusal here uses. */
type Answers<Answer> = {
  formError: (message: string, status?: number) => Answer;
  fieldError: (field: string, message: string, status?: number) => Answer;
  tooManyAttempts: (retryAfterSeconds: number) => Answer;
};

/**
 * Before a change a borrowed, signed-in browser must not be able to make (the email, the password,
 * deleting the account): the current password, or for an account without one a Google sign-in in
 * the last few minutes. Password attempts are counted like sign-in attempts. Returns the answer
 * refusing it (403 by the password field, 403 for Google, 429), or null when it is them.
 */
export async function refuseUnlessItIsThem<Answer>(
  ctx: RequestContext,
  request: Request,
  user: SessionUser,
  currentPassword: string | undefined,
  form: Answers<Answer>,
): Promise<Answer | null> {
  const profile = await requireAccountProfile(ctx, request);
  if (needsGoogleReauthentication(user, profile)) return form.formError(REAUTHENTICATE_FIRST, 403);
  const limit = await checkRateLimit(ctx, [["reauth", `password:${user.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  if (!(await confirmCurrentPassword(ctx, user.id, currentPassword))) {
    return form.fieldError("currentPassword", "That isn't your current password", 403);
  }
  return null;
}
