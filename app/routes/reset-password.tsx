import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import { FormErrors, FormField } from "../components/form-field";
import { SHOP_NAME } from "../lib/constants";
import { resetPasswordWithToken } from "../modules/auth/account.server";
import { sendPasswordChangedNotice } from "../modules/auth/account-emails.server";
import { ResetPasswordSchema } from "../modules/auth/auth-forms";
import { PASSWORD_MIN_LENGTH } from "../modules/auth/password";
import { tokenIsValid } from "../modules/auth/tokens.server";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import type { Route } from "./+types/reset-password";

export const meta: Route.MetaFunction = () => [
  { title: `Choose a new password | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export async function loader({ request, context }: Route.LoaderArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return { token, valid: await tokenIsValid(getRequestContext(context), token, "reset-password") };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const submission = parseWithZod(await readForm(request), { schema: ResetPasswordSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  // Ends every session and revokes every other reset and change-email link of the account.
  const reset = await resetPasswordWithToken(ctx, submission.value.token, submission.value.password);
  if (!reset) {
    return data(
      {
        result: submission.reply({
          formErrors: ["This link has expired or has already been used."],
          hideFields: ["password"],
        }),
      },
      { status: 410 },
    );
  }
  await sendPasswordChangedNotice(ctx, reset.email, publicOrigin(ctx));
  return redirect("/login?reset=1", 303);
}

export default function ResetPassword({ loaderData, actionData }: Route.ComponentProps) {
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(ResetPasswordSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
  });
  if (!loaderData.valid && !actionData) {
    return (
      <section className="mx-auto max-w-md">
        <h1 className="font-serif text-3xl font-bold text-crust-900">Choose a new password</h1>
        <p role="alert" className="mt-4">
          This link has expired or has already been used.{" "}
          <Link to="/forgot-password" className="font-semibold text-crust-700 underline">
            Ask for a new one
          </Link>
          .
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="reset-heading" className="mx-auto max-w-md">
      <h1 id="reset-heading" className="font-serif text-3xl font-bold text-crust-900">
        Choose a new password
      </h1>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="token" value={loaderData.token} />
        <FormField
          label="New password"
          hint={`(at least ${PASSWORD_MIN_LENGTH} characters)`}
          errors={fields.password.errors}
          errorId={fields.password.errorId}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <button
          type="submit"
          className="rounded-full bg-crust-700 px-6 py-2.5 font-semibold text-white hover:bg-crust-800"
        >
          Save new password
        </button>
      </Form>
    </section>
  );
}
