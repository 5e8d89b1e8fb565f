import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useNavigation } from "react-router";
import { AccountPage, CurrentPasswordField, GoogleReauthentication, SubmitButton } from "../components/account-page";
import { FormErrors, FormField } from "../components/form-field";
import { SHOP_NAME } from "../lib/constants";
import { changePassword, confirmCurrentPassword } from "../modules/auth/account.server";
import { sendPasswordChangedNotice } from "../modules/auth/account-emails.server";
import { ChangePasswordSchema } from "../modules/auth/auth-forms";
import { needsGoogleReauthentication, requireAccountProfile, requireUser } from "../modules/auth/guards.server";
import { PASSWORD_MIN_LENGTH } from "../modules/auth/password";
import { reauthenticateFirst } from "../modules/auth/reauthenticate";
import { startSession } from "../modules/auth/session.server";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import { checkRateLimit, tooManyAttempts } from "../modules/rate-limit/rate-limit.server";
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
  const submission = parseWithZod(await readForm(request), { schema: ChangePasswordSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: SECRET_FIELDS }) }, { status: 400 });
  }
  const profile = await requireAccountProfile(ctx, request);
  if (needsGoogleReauthentication(user, profile)) return reauthenticateFirst(submission, SECRET_FIELDS);
  const limit = await checkRateLimit(ctx, [["reauth", `password:${user.id}`]]);
  if (!limit.allowed) return tooManyAttempts(submission, limit.retryAfterSeconds, SECRET_FIELDS);
  if (!(await confirmCurrentPassword(ctx, user.id, submission.value.currentPassword))) {
    return data(
      {
        result: submission.reply({
          fieldErrors: { currentPassword: ["That isn't your current password"] },
          hideFields: SECRET_FIELDS,
        }),
      },
      { status: 403 },
    );
  }
  // Every other device is signed out; this browser continues with a fresh session.
  await changePassword(ctx, user.id, submission.value.newPassword);
  await sendPasswordChangedNotice(ctx, user.email, publicOrigin(ctx));
  const cookie = await startSession(ctx, request, user.id);
  return redirect("/account?saved=password", { status: 303, headers: { "Set-Cookie": cookie } });
}

export default function AccountPassword({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(ChangePasswordSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  });
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
      <Form method="post" {...getFormProps(form)} hidden={loaderData.needsGoogle} className="mt-6 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        {loaderData.hasPassword ? <CurrentPasswordField field={fields.currentPassword} /> : null}
        <FormField
          label="New password"
          hint={`(at least ${PASSWORD_MIN_LENGTH} characters)`}
          errors={fields.newPassword.errors}
          errorId={fields.newPassword.errorId}
          inputProps={{ ...getInputProps(fields.newPassword, { type: "password" }), autoComplete: "new-password" }}
        />
        <FormField
          label="New password again"
          errors={fields.confirmPassword.errors}
          errorId={fields.confirmPassword.errorId}
          inputProps={{ ...getInputProps(fields.confirmPassword, { type: "password" }), autoComplete: "new-password" }}
        />
        <SubmitButton pending={navigation.state === "submitting"}>Save password</SubmitButton>
      </Form>
    </AccountPage>
  );
}
