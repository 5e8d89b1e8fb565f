import { redirect } from "react-router";
import { safeRedirect } from "../../lib/safe-redirect";
import type { RequestContext } from "../platform/request-context.server";
import { startSession } from "./session.server";

type SignInContext = Pick<RequestContext, "db" | "kv" | "env">;

/**
 * The last step of every sign-in (password or Google), once the first factor is proven: a fresh
 * session and the way back to where the user was going.
 */
export async function completeSignIn(
  ctx: SignInContext,
  request: Request,
  userId: number,
  redirectTo: string | null | undefined,
  extraHeaders: string[] = [],
): Promise<Response> {
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(ctx, request, userId));
  for (const cookie of extraHeaders) headers.append("Set-Cookie", cookie);
  return redirect(safeRedirect(redirectTo, "/"), { status: 303, headers });
}
