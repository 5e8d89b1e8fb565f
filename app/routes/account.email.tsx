import { Form } from "react-router";
import { AccountPage, CurrentPasswordField, GoogleReauthentication } from "../components/account-page";
import { Button } from "../components/forms/button";
import { InputField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { SHOP_NAME } from "../lib/constants";
import { cancelEmailChange, requestEmailChange } from "../modules/auth/account.server";
import { sendEmailChangeEmail } from "../modules/auth/account-emails.server";
import { ChangeEmailSchema } from "../modules/auth/auth-forms";
import { refuseUnlessItIsThem } from "../modules/auth/confirm-identity.server";
import { needsGoogleReauthentication, requireAccountProfile, requireUser } from "../modules/auth/guards.server";
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import type { Route } from "./+types/account.email";

export const meta: Route.MetaFunction = () => [
  { title: `Change your email | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  const profile = await requireAccountProfile(ctx, request);
  const search = new URL(request.url).searchParams;
  return {
    needsGoogle: needsGoogleReauthentication(user, profile),
    reauthFailed: search.get("reauth") === "failed",
    email: profile.email,
    pendingEmail: profile.pendingEmail,
    hasPassword: profile.hasPassword,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  const form = await readSubmission(request, ChangeEmailSchema, { hideFields: ["currentPassword"] });
  if (form.formData.get("intent") === "cancel") {
    await cancelEmailChange(ctx, user.id);
    return redirectWithNotice(ctx, "/account/email", "The change is cancelled: the link we sent no longer works.");
  }
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  const refused = await refuseUnlessItIsThem(ctx, request, user, submission.value.currentPassword, form);
  if (refused) return refused;
  const change = await requestEmailChange(ctx, user.id, submission.value.email);
  if (!change.ok) {
    const message =
      change.reason === "same" ? "That is already your email address" : "Another account already uses this email";
    return form.fieldError("email", message, 409);
  }
  await sendEmailChangeEmail(ctx, user.id, change.email, publicOrigin(ctx));
  return redirectWithNotice(
    ctx,
    "/account",
    "We've sent a link to your new address. Your email changes when you use it.",
  );
}

export default function AccountEmail({ loaderData, actionData }: Route.ComponentProps) {
  const [form, fields] = useSchemaForm(ChangeEmailSchema, { answer: actionData });
  return (
    <AccountPage title="Change your email">
      <p className="mt-2 text-stone-700">
        Now <strong>{loaderData.email}</strong>. We send a link to the new address; your email changes when you use it.
      </p>
      {loaderData.pendingEmail ? (
        <Form method="post" className="mt-4 rounded-lg bg-amber-50 p-3 text-amber-900">
          <p role="status">Waiting for you to confirm {loaderData.pendingEmail}: check that inbox for our link.</p>
          <Button variant="link" name="intent" value="cancel" className="mt-2" formNoValidate>
            Cancel this change
          </Button>
        </Form>
      ) : null}
      {loaderData.needsGoogle ? (
        <GoogleReauthentication returnTo="/account/email" failed={loaderData.reauthFailed} />
      ) : null}
      <SchemaForm form={form} hidden={loaderData.needsGoogle} className="mt-6 space-y-4">
        <InputField field={fields.email} label="New email" type="email" autoComplete="email" />
        {loaderData.hasPassword ? <CurrentPasswordField field={fields.currentPassword} /> : null}
        <Button>Send confirmation link</Button>
      </SchemaForm>
    </AccountPage>
  );
}
