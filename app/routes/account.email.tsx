import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useNavigation } from "react-router";
import { AccountPage, CurrentPasswordField, GoogleReauthentication, SubmitButton } from "../components/account-page";
import { FormErrors, FormField } from "../components/form-field";
import { SHOP_NAME } from "../lib/constants";
import { cancelEmailChange, confirmCurrentPassword, requestEmailChange } from "../modules/auth/account.server";
import { sendEmailChangeEmail } from "../modules/auth/account-emails.server";
import { ChangeEmailSchema } from "../modules/auth/auth-forms";
import { needsGoogleReauthentication, requireAccountProfile, requireUser } from "../modules/auth/guards.server";
import { reauthenticateFirst } from "../modules/auth/reauthenticate";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import { checkRateLimit, tooManyAttempts } from "../modules/rate-limit/rate-limit.server";
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
    cancelled: search.has("cancelled"),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  const formData = await readForm(request);
  if (formData.get("intent") === "cancel") {
    await cancelEmailChange(ctx, user.id);
    return redirect("/account/email?cancelled=1", 303);
  }
  const submission = parseWithZod(formData, { schema: ChangeEmailSchema });
  const hide = ["currentPassword"];
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: hide }) }, { status: 400 });
  const profile = await requireAccountProfile(ctx, request);
  if (needsGoogleReauthentication(user, profile)) return reauthenticateFirst(submission, hide);
  // Counted like sign-in attempts: the current password must not be guessable here either.
  const limit = await checkRateLimit(ctx, [["reauth", `password:${user.id}`]]);
  if (!limit.allowed) return tooManyAttempts(submission, limit.retryAfterSeconds, hide);
  if (!(await confirmCurrentPassword(ctx, user.id, submission.value.currentPassword))) {
    return data(
      {
        result: submission.reply({
          fieldErrors: { currentPassword: ["That isn't your current password"] },
          hideFields: hide,
        }),
      },
      { status: 403 },
    );
  }
  const change = await requestEmailChange(ctx, user.id, submission.value.email);
  if (!change.ok) {
    const message =
      change.reason === "same" ? "That is already your email address" : "Another account already uses this email";
    return data({ result: submission.reply({ fieldErrors: { email: [message] }, hideFields: hide }) }, { status: 409 });
  }
  await sendEmailChangeEmail(ctx, user.id, change.email, publicOrigin(ctx));
  return redirect("/account?saved=email", 303);
}

export default function AccountEmail({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(ChangeEmailSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangeEmailSchema }),
  });
  return (
    <AccountPage title="Change your email">
      <p className="mt-2 text-stone-700">
        Now <strong>{loaderData.email}</strong>. We send a link to the new address; your email changes when you use it.
      </p>
      {loaderData.cancelled ? (
        <p role="status" className="mt-4 rounded-lg bg-green-50 p-3 text-green-900">
          The change is cancelled: the link we sent no longer works.
        </p>
      ) : null}
      {loaderData.pendingEmail ? (
        <Form method="post" className="mt-4 rounded-lg bg-amber-50 p-3 text-amber-900">
          <p role="status">Waiting for you to confirm {loaderData.pendingEmail}: check that inbox for our link.</p>
          <button type="submit" name="intent" value="cancel" className="mt-2 font-semibold underline">
            Cancel this change
          </button>
        </Form>
      ) : null}
      {loaderData.needsGoogle ? (
        <GoogleReauthentication returnTo="/account/email" failed={loaderData.reauthFailed} />
      ) : null}
      <Form method="post" {...getFormProps(form)} hidden={loaderData.needsGoogle} className="mt-6 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormField
          label="New email"
          errors={fields.email.errors}
          errorId={fields.email.errorId}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
        />
        {loaderData.hasPassword ? <CurrentPasswordField field={fields.currentPassword} /> : null}
        <SubmitButton pending={navigation.state === "submitting"}>Send confirmation link</SubmitButton>
      </Form>
    </AccountPage>
  );
}
