import { Form, Link, redirect } from "react-router";
import { SHOP_NAME } from "../lib/constants";
import { consumeToken, tokenIsValid } from "../modules/auth/tokens.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/verify-email";

export const meta: Route.MetaFunction = () => [
  { title: `Confirm your email | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ request, context }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams;
  if (params.has("done")) return { state: "done" as const, token: "" };
  const token = params.get("token") ?? "";
  const valid = await tokenIsValid(getRequestContext(context), token, "verify-email");
  return { state: valid ? ("ready" as const) : ("invalid" as const), token };
}

// Confirming takes a POST: mail scanners that open links must not use up the token.
export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const token = String((await request.formData()).get("token") ?? "");
  const userId = await consumeToken(ctx, token, "verify-email");
  if (!userId) throw redirect(`/verify-email?token=${encodeURIComponent(token)}`, 303);
  await ctx.db.$client
    .prepare("UPDATE users SET email_verified_at = coalesce(email_verified_at, ?) WHERE id = ?")
    .bind(new Date().toISOString(), userId)
    .run();
  return redirect("/verify-email?done=1", 303);
}

export default function VerifyEmail({ loaderData }: Route.ComponentProps) {
  const { state, token } = loaderData;
  return (
    <section aria-labelledby="verify-heading" className="mx-auto max-w-md">
      <h1 id="verify-heading" className="font-serif text-3xl font-bold text-crust-900">
        {state === "done" ? "Email confirmed" : "Confirm your email"}
      </h1>
      {state === "done" ? (
        <p className="mt-4" role="status">
          Thank you: your email address is confirmed.{" "}
          <Link to="/shop" className="font-semibold text-crust-700 underline">
            Back to the shop
          </Link>
        </p>
      ) : state === "ready" ? (
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
