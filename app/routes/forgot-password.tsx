import { Button } from "../components/forms/button";
import { Honeypot, InputField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { SHOP_NAME } from "../lib/constants";
import { sendPasswordResetEmail } from "../modules/auth/account-emails.server";
import { ForgotPasswordSchema } from "../modules/auth/auth-forms";
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import { checkRateLimit, clientIp } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/forgot-password";

export const meta: Route.MetaFunction = () => [{ title: `Reset your password | ${SHOP_NAME}` }];

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const form = await readSubmission(request, ForgotPasswordSchema);
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  const email = submission.value.email.toLowerCase();
  const limit = await checkRateLimit(ctx, [
    ["passwordReset", `ip:${clientIp(request)}`],
    ["passwordReset", `account:${email}`],
  ]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  await sendPasswordResetEmail(ctx, email, publicOrigin(ctx));
  // The same answer whether or not there is an account: nothing to learn about who shops here.
  return redirectWithNotice(
    ctx,
    "/forgot-password",
    "If there is an account for that email, we've sent it a link to choose a new password.",
  );
}

export default function ForgotPassword({ actionData }: Route.ComponentProps) {
  const [form, fields] = useSchemaForm(ForgotPasswordSchema, { answer: actionData });
  return (
    <section aria-labelledby="forgot-heading" className="mx-auto max-w-md">
      <h1 id="forgot-heading" className="font-serif text-3xl font-bold text-crust-900">
        Reset your password
      </h1>
      <SchemaForm form={form} className="relative mt-6 space-y-4">
        <InputField field={fields.email} label="Email" type="email" autoComplete="email" />
        <Honeypot />
        <Button>Send me a link</Button>
      </SchemaForm>
    </section>
  );
}
