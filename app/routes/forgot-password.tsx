import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useSearchParams } from "react-router";
import { FormErrors, FormField, Honeypot } from "../components/form-field";
import { SHOP_NAME } from "../lib/constants";
import { sendPasswordResetEmail } from "../modules/auth/account-emails.server";
import { ForgotPasswordSchema } from "../modules/auth/auth-forms";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import { checkRateLimit, clientIp, tooManyAttempts } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/forgot-password";

export const meta: Route.MetaFunction = () => [{ title: `Reset your password | ${SHOP_NAME}` }];

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const submission = parseWithZod(await readForm(request), { schema: ForgotPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const email = submission.value.email.toLowerCase();
  const limit = await checkRateLimit(ctx, [
    ["passwordReset", `ip:${clientIp(request)}`],
    ["passwordReset", `account:${email}`],
  ]);
  if (!limit.allowed) return tooManyAttempts(submission, limit.retryAfterSeconds);
  await sendPasswordResetEmail(ctx, email, publicOrigin(ctx));
  // The same answer whether or not there is an account: nothing to learn about who shops here.
  return redirect("/forgot-password?sent=1", 303);
}

export default function ForgotPassword({ actionData }: Route.ComponentProps) {
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(ForgotPasswordSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
  });
  return (
    <section aria-labelledby="forgot-heading" className="mx-auto max-w-md">
      <h1 id="forgot-heading" className="font-serif text-3xl font-bold text-crust-900">
        Reset your password
      </h1>
      {searchParams.has("sent") ? (
        <p role="status" className="mt-4 rounded-lg bg-green-50 p-3 text-green-900">
          If there is an account for that email, we've sent it a link to choose a new password.
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="relative mt-6 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormField
          label="Email"
          errors={fields.email.errors}
          errorId={fields.email.errorId}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
        />
        <Honeypot />
        <button
          type="submit"
          className="rounded-full bg-crust-700 px-6 py-2.5 font-semibold text-white hover:bg-crust-800"
        >
          Send me a link
        </button>
      </Form>
    </section>
  );
}
