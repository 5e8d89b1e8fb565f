import { Form, redirect } from "react-router";
import { Button } from "../components/forms/button";
import { SHOP_NAME } from "../lib/constants";
import { redeemEmailLink } from "../modules/auth/account.server";
import { sendEmailChangedNotice } from "../modules/auth/account-emails.server";
import { getSessionUser, startSession } from "../modules/auth/session.server";
import { completeSignIn } from "../modules/auth/sign-in.server";
import { tokenIsValid } from "../modules/auth/tokens.server";
import { readForm } from "../modules/forms/read-form.server";
import { noticeCookieHeader, redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import type { Route } from "./+types/verify-email";

export const meta: Route.MetaFunction = () => [
  { title: `Confirm your email | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

/** What the confirmed link did, said on the page it lands on. */
const OUTCOME_NOTICES = {
  verified: "Thank you: your email address is confirmed.",
  changed: "Done: your account now uses this email address.",
  taken: "Another account started using that address in the meantime, so your email is unchanged.",
} as const;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const valid = (await tokenIsValid(ctx, token, "verify-email")) || (await tokenIsValid(ctx, token, "change-email"));
  return { state: valid ? ("ready" as const) : ("invalid" as const), token };
}

// Confirming takes a POST: mail scanners that open links must not use up the token.
export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const token = String((await readForm(request)).get("token") ?? "");
  // Read before redeeming: a changed email signs every device out, this one included.
  const viewer = await getSessionUser(ctx, request);
  const result = await redeemEmailLink(ctx, token);
  if (result.outcome === "invalid") throw redirect(`/verify-email?token=${encodeURIComponent(token)}`, 303);
  const notice = OUTCOME_NOTICES[result.outcome];
  if (result.outcome === "verified" && result.firstTime && !viewer) {
    // Finishing sign-up: the link proved the address, so it signs the new account in (through
    // the second factor if one is ever set).
    const signedIn = await completeSignIn(ctx, request, result.userId, "/account");
    signedIn.headers.append("Set-Cookie", await noticeCookieHeader(ctx, { kind: "success", message: notice }));
    return signedIn;
  }
  if (result.outcome !== "changed") return redirectWithNotice(ctx, viewer ? "/account" : "/login", notice);
  await sendEmailChangedNotice(ctx, result, publicOrigin(ctx));
  // The owner confirming in the browser they are signed in with carries on there; anyone else
  // signs in with the new address.
  if (viewer?.id !== result.userId) return redirectWithNotice(ctx, "/login", notice);
  return redirectWithNotice(ctx, "/account", notice, {
    "Set-Cookie": await startSession(ctx, request, result.userId),
  });
}

export default function VerifyEmail({ loaderData }: Route.ComponentProps) {
  const { state, token } = loaderData;
  return (
    <section aria-labelledby="verify-heading" className="mx-auto max-w-md">
      <h1 id="verify-heading" className="font-serif text-3xl font-bold text-crust-900">
        Confirm your email
      </h1>
      {state === "ready" ? (
        <Form method="post" className="mt-6">
          <input type="hidden" name="token" value={token} />
          <Button>Confirm my email</Button>
        </Form>
      ) : (
        <p className="mt-4" role="alert">
          This link has expired or has already been used.
        </p>
      )}
    </section>
  );
}
