import { Link } from "react-router";
import { Button } from "../components/forms/button";
import { InputField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { SHOP_NAME } from "../lib/constants";
import { resetPasswordWithToken } from "../modules/auth/account.server";
import { sendPasswordChangedNotice } from "../modules/auth/account-emails.server";
import { ResetPasswordSchema } from "../modules/auth/auth-forms";
import { PASSWORD_MIN_LENGTH } from "../modules/auth/password";
import { tokenIsValid } from "../modules/auth/tokens.server";
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
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
  const form = await readSubmission(request, ResetPasswordSchema, { hideFields: ["password"] });
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  // Ends every session and revokes every other reset and change-email link of the account.
  const reset = await resetPasswordWithToken(ctx, submission.value.token, submission.value.password);
  if (!reset) return form.formError("This link has expired or has already been used.", 410);
  await sendPasswordChangedNotice(ctx, reset.email, publicOrigin(ctx));
  return redirectWithNotice(ctx, "/login", "Your password has been changed. Sign in with the new one.");
}

export default function ResetPassword({ loaderData, actionData }: Route.ComponentProps) {
  const [form, fields] = useSchemaForm(ResetPasswordSchema, { answer: actionData });
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
      <SchemaForm form={form} className="mt-6 space-y-4">
        <input type="hidden" name="token" value={loaderData.token} />
        <InputField
          field={fields.password}
          label="New password"
          hint={`(at least ${PASSWORD_MIN_LENGTH} characters)`}
          type="password"
          autoComplete="new-password"
        />
        <Button>Save new password</Button>
      </SchemaForm>
    </section>
  );
}
