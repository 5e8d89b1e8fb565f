import { Button } from "../components/forms/button";
import { InputField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { SIGN_IN_ERRORS } from "../components/google-sign-in";
import { SHOP_NAME } from "../lib/constants";
import { SecondFactorSchema } from "../modules/auth/auth-forms";
import { finishPendingSignIn, pendingSignIn } from "../modules/auth/sign-in.server";
import { verifySecondFactor } from "../modules/auth/two-factor.server";
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import type { RequestContext } from "../modules/platform/request-context.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit, clientIp } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/login.two-factor";

export const meta: Route.MetaFunction = () => [
  { title: `Two-step sign-in | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  if (!(await pendingSignIn(ctx, request))) throw await signInExpired(ctx);
  return null;
}

/** Back to the sign-in form, saying why: the half-finished sign-in is gone. */
function signInExpired(ctx: RequestContext) {
  return redirectWithNotice(ctx, "/login", { kind: "error", message: SIGN_IN_ERRORS["two-factor-expired"] });
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const pending = await pendingSignIn(ctx, request);
  if (!pending) throw await signInExpired(ctx);
  const form = await readSubmission(request, SecondFactorSchema, { hideFields: ["code"] });
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  // Six digits are a million guesses: the same per-account and per-address limit as passwords.
  const limit = await checkRateLimit(ctx, [
    ["signIn", `ip:${clientIp(request)}`],
    ["reauth", `2fa:${pending.userId}`],
  ]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  if (!(await verifySecondFactor(ctx, pending.userId, submission.value.code))) {
    return form.fieldError("code", "That code didn't work. Codes change every 30 seconds; each works once.", 401);
  }
  return finishPendingSignIn(ctx, request, pending);
}

export default function TwoFactorSignIn({ actionData }: Route.ComponentProps) {
  const [form, fields] = useSchemaForm(SecondFactorSchema, { answer: actionData });
  return (
    <section aria-labelledby="two-factor-heading" className="mx-auto max-w-md">
      <h1 id="two-factor-heading" className="font-serif text-3xl font-bold text-crust-900">
        Two-step sign-in
      </h1>
      <p className="mt-2 text-stone-700">
        Enter the code your authenticator app shows for {SHOP_NAME}, or one of your recovery codes.
      </p>
      <SchemaForm form={form} className="mt-6 space-y-4">
        <InputField field={fields.code} label="Code" autoComplete="one-time-code" inputMode="text" autoFocus />
        <Button>Continue</Button>
      </SchemaForm>
    </section>
  );
}
