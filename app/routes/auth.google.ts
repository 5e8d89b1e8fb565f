import { redirect } from "react-router";
import { safeRedirect } from "../lib/safe-redirect";
import { GOOGLE_NEXT_COOKIE, googleAuthenticator } from "../modules/auth/google.server";
import { readForm } from "../modules/forms/read-form.server";
import { isLocal } from "../modules/platform/env.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/auth.google";

// Starting the round trip is a POST (origin-checked like every form), so prefetchers and link
// scanners never begin one.
export function loader() {
  return redirect("/login");
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  if (!ctx.env.googleSignIn) throw redirect("/login");
  // A copy: the authenticator reads the request itself.
  const form = await readForm(request.clone());
  const next = safeRedirect(form.get("redirectTo"), "/");
  try {
    await googleAuthenticator(ctx.env, ctx.url.origin).authenticate("google", request);
  } catch (thrown) {
    // The strategy answers the first leg with a redirect to Google carrying the state cookie.
    if (!(thrown instanceof Response)) throw thrown;
    const headers = new Headers(thrown.headers);
    headers.append(
      "Set-Cookie",
      `${GOOGLE_NEXT_COOKIE}=${encodeURIComponent(next)}; Path=/auth/google; Max-Age=600; HttpOnly; SameSite=Lax${isLocal(ctx.env) ? "" : "; Secure"}`,
    );
    return new Response(null, { status: 303, headers });
  }
  throw new Error("Google sign-in did not redirect");
}
