import { Form, Link, redirect } from "react-router";
import { SHOP_NAME } from "../lib/constants";
import { redeemEmailLink } from "../modules/auth/account.server";
import { sendEmailChangedNotice } from "../modules/auth/account-emails.server";
import { getSessionUser, startSession } from "../modules/auth/session.server";
import { completeSignIn } from "../modules/auth/sign-in.server";
import { tokenIsValid } from "../modules/auth/tokens.server";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import type { Route } from "./+types/verify-email";

export const meta: Route.MetaFunction = () => [
  { title: `Confirm your email | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

const OUTCOMES = {
  verified: { heading: "Email confirmed", message: "Thank you: your email address is confirmed." },
  changed: { heading: "Email changed", message: "Done: your account now uses this email address." },
  taken: {
    heading: "Email not changed",
    message: "Another account started using that address in the meantime, so your email is unchanged.",
  },
} as const;

export async function loader({ request, context }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams;
  const done = params.get("done");
  if (done === "verified" || done === "changed" || done === "taken")
    return { state: done as keyof typeof OUTCOMES, token: "" };
  const ctx = getRequestContext(context);
  const token = params.get("token") ?? "";
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
  if (result.outcome === "verified" && result.firstTime && !viewer) {
    // Finishing sign-up: the link proved the address, so it signs the new account in (through
    // the second factor if one is ever set).
    return completeSignIn(ctx, request, result.userId, "/verify-email?done=verified");
  }
  if (result.outcome !== "changed") return redirect(`/verify-email?done=${result.outcome}`, 303);
  await sendEmailChangedNotice(ctx, result, publicOrigin(ctx));
  const headers = new Headers();
  // The owner confirming in the browser they are signed in with carries on there.
  if (viewer?.id === result.userId) headers.set("Set-Cookie", await startSession(ctx, request, result.userId));
  return redirect("/verify-email?done=changed", { status: 303, headers });
}

export default function VerifyEmail({ loaderData }: Route.ComponentProps) {
  const { state, token } = loaderData;
  if (state !== "ready" && state !== "invalid") {
    const outcome = OUTCOMES[state];
    return (
      <section aria-labelledby="verify-heading" className="mx-auto max-w-md">
        <h1 id="verify-heading" className="font-serif text-3xl font-bold text-crust-900">
          {outcome.heading}
        </h1>
        <p className="mt-4" role="status">
          {outcome.message}{" "}
          <Link to="/account" className="font-semibold text-crust-700 underline">
            Your account
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="verify-heading" className="mx-auto max-w-md">
      <h1 id="verify-heading" className="font-serif text-3xl font-bold text-crust-900">
        Confirm your email
      </h1>
      {state === "ready" ? (
        <Form method="post" className="mt-6">
          <input type="hidden" name="token" value={token} />
          <button
            type="submit"
            className="rounded-full bg-crust-700 px-6 py-2.5 font-semibold text-white hover:bg-crust-800"
          >
            Confirm my email
          </button>
        </Form>
      ) : (
        <p className="mt-4" role="alert">
          This link has expired or has already been used.
        </p>
      )}
    </section>
  );
}
