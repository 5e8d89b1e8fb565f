import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useNavigation } from "react-router";
import { SubmitButton } from "../components/account-page";
import { FormErrors, FormField } from "../components/form-field";
import { SHOP_NAME } from "../lib/constants";
import { SecondFactorSchema } from "../modules/auth/auth-forms";
import { finishPendingSignIn, pendingSignIn } from "../modules/auth/sign-in.server";
import { verifySecondFactor } from "../modules/auth/two-factor.server";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit, clientIp, tooManyAttempts } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/login.two-factor";

export const meta: Route.MetaFunction = () => [
  { title: `Two-step sign-in | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  if (!(await pendingSignIn(getRequestContext(context), request))) throw redirect("/login?error=two-factor-expired");
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const pending = await pendingSignIn(ctx, request);
  if (!pending) throw redirect("/login?error=two-factor-expired", 303);
  const submission = parseWithZod(await readForm(request), { schema: SecondFactorSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["code"] }) }, { status: 400 });
  // Six digits are a million guesses: the same per-account and per-address limit as passwords.
  const limit = await checkRateLimit(ctx, [
    ["signIn", `ip:${clientIp(request)}`],
    ["reauth", `2fa:${pending.userId}`],
  ]);
  if (!limit.allowed) return tooManyAttempts(submission, limit.retryAfterSeconds, ["code"]);
  if (!(await verifySecondFactor(ctx, pending.userId, submission.value.code))) {
    return data(
      {
        result: submission.reply({
          fieldErrors: { code: ["That code didn't work. Codes change every 30 seconds; each works once."] },
          hideFields: ["code"],
        }),
      },
      { status: 401 },
    );
  }
  return finishPendingSignIn(ctx, request, pending);
}

export default function TwoFactorSignIn({ actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(SecondFactorSchema),
    shouldValidate: "onSubmit",
  });
  return (
    <section aria-labelledby="two-factor-heading" className="mx-auto max-w-md">
      <h1 id="two-factor-heading" className="font-serif text-3xl font-bold text-crust-900">
        Two-step sign-in
      </h1>
      <p className="mt-2 text-stone-700">
        Enter the code your authenticator app shows for {SHOP_NAME}, or one of your recovery codes.
      </p>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormField
          label="Code"
          errors={fields.code.errors}
          errorId={fields.code.errorId}
          inputProps={{
            ...getInputProps(fields.code, { type: "text" }),
            autoComplete: "one-time-code",
            inputMode: "text",
            autoFocus: true,
          }}
        />
        <SubmitButton pending={navigation.state === "submitting"}>Continue</SubmitButton>
      </Form>
    </section>
  );
}
