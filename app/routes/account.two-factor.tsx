import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import { AccountPage, SubmitButton } from "../components/account-page";
import { FormErrors, FormField } from "../components/form-field";
import { SHOP_NAME } from "../lib/constants";
import { SecondFactorSchema } from "../modules/auth/auth-forms";
import { requireRole, staffTwoFactorRequired } from "../modules/auth/guards.server";
import {
  disableTwoFactor,
  enableTwoFactor,
  pendingSetup,
  remainingRecoveryCodes,
  twoFactorEnabled,
  verifySecondFactor,
} from "../modules/auth/two-factor.server";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit, tooManyAttempts } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/account.two-factor";

export const meta: Route.MetaFunction = () => [
  { title: `Two-step sign-in | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

// Two-step sign-in protects the accounts that can change the shop: staff and admins.
const ROLES = ["staff", "admin"] as const;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const user = await requireRole(ctx, request, ROLES);
  const required = staffTwoFactorRequired(ctx.env);
  if (await twoFactorEnabled(ctx, user.id)) {
    return { enabled: true as const, required, remaining: await remainingRecoveryCodes(ctx, user.id) };
  }
  return { enabled: false as const, required, setup: await pendingSetup(ctx, user) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const user = await requireRole(ctx, request, ROLES);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: SecondFactorSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), recoveryCodes: null }, { status: 400 });
  const limit = await checkRateLimit(ctx, [["reauth", `2fa:${user.id}`]]);
  if (!limit.allowed) return tooManyAttempts(submission, limit.retryAfterSeconds, ["code"]);
  const wrongCode = () =>
    data(
      {
        result: submission.reply({ fieldErrors: { code: ["That code didn't work. Try the one showing now."] } }),
        recoveryCodes: null,
      },
      { status: 400 },
    );

  if (formData.get("intent") === "disable") {
    if (staffTwoFactorRequired(ctx.env)) {
      return data(
        {
          result: submission.reply({ formErrors: ["Staff and admins must keep two-step sign-in on."] }),
          recoveryCodes: null,
        },
        { status: 403 },
      );
    }
    if (!(await verifySecondFactor(ctx, user.id, submission.value.code))) return wrongCode();
    await disableTwoFactor(ctx, user.id);
    return redirect("/account?saved=two-factor-off", 303);
  }
  const recoveryCodes = await enableTwoFactor(ctx, user, submission.value.code);
  if (!recoveryCodes) return wrongCode();
  // Shown once, in this response only; the database keeps hashes.
  return data({ result: submission.reply({ resetForm: true }), recoveryCodes });
}

export default function TwoFactorSettings({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(SecondFactorSchema),
    shouldValidate: "onSubmit",
  });
  const pending = navigation.state === "submitting";
  const recoveryCodes: string[] | null =
    actionData && "recoveryCodes" in actionData ? (actionData.recoveryCodes as string[] | null) : null;
  if (recoveryCodes) {
    return (
      <AccountPage title="Two-step sign-in is on">
        <p className="mt-4">
          Keep these recovery codes somewhere safe, away from your phone. Each one signs you in once if you lose your
          authenticator app. This is the only time we show them.
        </p>
        <ul aria-label="Recovery codes" className="mt-4 grid grid-cols-2 gap-2 rounded-2xl bg-white p-4 font-mono">
          {recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <p className="mt-6">
          <Link to="/account?saved=two-factor-on" className="font-semibold text-crust-700 underline">
            I've saved them
          </Link>
        </p>
      </AccountPage>
    );
  }
  const codeField = (
    <FormField
      label="Code from your app"
      errors={fields.code.errors}
      errorId={fields.code.errorId}
      inputProps={{ ...getInputProps(fields.code, { type: "text" }), autoComplete: "one-time-code" }}
    />
  );
  if (loaderData.enabled) {
    return (
      <AccountPage title="Two-step sign-in">
        <p className="mt-4">
          On. You have {loaderData.remaining} unused recovery code{loaderData.remaining === 1 ? "" : "s"}.
        </p>
        {loaderData.required ? (
          <p className="mt-4">Staff and admins of this shop must keep it on.</p>
        ) : (
          <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4">
            <FormErrors id={form.errorId} errors={form.errors} />
            {codeField}
            <input type="hidden" name="intent" value="disable" />
            <SubmitButton pending={pending}>Turn off two-step sign-in</SubmitButton>
          </Form>
        )}
      </AccountPage>
    );
  }
  const { setup } = loaderData;
  return (
    <AccountPage title="Set up two-step sign-in">
      {loaderData.required ? (
        <p role="alert" className="mt-4 rounded-lg bg-amber-50 p-3 text-amber-900">
          Staff and admins must use two-step sign-in before opening the bakery admin. It takes a minute.
        </p>
      ) : null}
      <ol className="mt-4 list-decimal space-y-2 pl-5">
        <li>Open an authenticator app (Google Authenticator, 1Password, Aegis…) and scan this code.</li>
        <li>Type the 6-digit code it shows to finish.</li>
      </ol>
      <img
        src={setup.qrSvgDataUri}
        alt="QR code for your authenticator app"
        width={200}
        height={200}
        className="mt-4 rounded-lg bg-white"
      />
      <p className="mt-2 text-sm text-stone-700">
        Can't scan it? Enter this key by hand: <code data-testid="totp-secret">{setup.secret}</code>
      </p>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        {codeField}
        <input type="hidden" name="intent" value="enable" />
        <SubmitButton pending={pending}>Turn on two-step sign-in</SubmitButton>
      </Form>
    </AccountPage>
  );
}
