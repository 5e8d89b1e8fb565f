import { AccountPage, CurrentPasswordField, GoogleReauthentication } from "../components/account-page";
import { Button } from "../components/forms/button";
import { InputField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { SHOP_NAME } from "../lib/constants";
import { changePassword } from "../modules/auth/account.server";
import { sendPasswordChangedNotice } from "../modules/auth/account-emails.server";
import { ChangePasswordSchema } from "../modules/auth/auth-forms";
import { refuseUnlessItIsThem } from "../modules/auth/confirm-identity.server";
import { needsGoogleReauthentication, requireAccountProfile, requireUser } from "../modules/auth/guards.server";
import { PASSWORD_MIN_LENGTH } from "../modules/auth/password";
import { startSession } from "../modules/auth/session.server";
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import type { Route } from "./+types/account.password";

export const meta: Route.MetaFunction = () => [
  { title: `Your password | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

const SECRET_FIELDS = ["currentPassword", "newPassword", "confirmPassword"];

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  const profile = await requireAccountProfile(ctx, request);
  return {
    hasPassword: profile.hasPassword,
    needsGoogle: needsGoogleReauthentication(user, profile),
    reauthFailed: new URL(request.url).searchParams.get("reauth") === "failed",
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  const form = await readSubmission(request, ChangePasswordSchema, { hideFields: SECRET_FIELDS });
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  const refused = await refuseUnlessItIsThem(ctx, request, user, submission.value.currentPassword, form);
  if (refused) return refused;
  // Every other device is signed out; this browser continues with a fresh session.
  await changePassword(ctx, user.id, submission.value.newPassword);
  await sendPasswordChangedNotice(ctx, user.email, publicOrigin(ctx));
  const cookie = await startSession(ctx, request, user.id);
  return redirectWithNotice(ctx, "/account", "Your password is changed. Other devices have been signed out.", {
    "Set-Cookie": cookie,
  });
}

export default function AccountPassword({ loaderData, actionData }: Route.ComponentProps) {
  const [form, fields] = useSchemaForm(ChangePasswordSchema, { answer: actionData });
  return (
    <AccountPage title={loaderData.hasPassword ? "Change your password" : "Set a password"}>
      <p className="mt-2 text-stone-700">
        {loaderData.hasPassword
          ? "Changing it signs you out on every other device."
          : "You sign in with Google. A password lets you sign in with your email too."}
      </p>
      {loaderData.needsGoogle ? (
        <GoogleReauthentication returnTo="/account/password" failed={loaderData.reauthFailed} />
      ) : null}
      <SchemaForm form={form} hidden={loaderData.needsGoogle} className="mt-6 space-y-4">
        {loaderData.hasPassword ? <CurrentPasswordField field={fields.currentPassword} /> : null}
        <InputField
          field={fields.newPassword}
          label="New password"
          hint={`(at least ${PASSWORD_MIN_LENGTH} characters)`}
          type="password"
          autoComplete="new-password"
        />
        <InputField
          field={fields.confirmPassword}
          label="New password again"
          type="password"
          autoComplete="new-password"
        />
        <Button>Save password</Button>
      </SchemaForm>
    </AccountPage>
  );
}
