import { data, Form, redirect } from "react-router";
import { AccountPage } from "../components/account-page";
import { Button } from "../components/forms/button";
import { InputField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
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
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
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
  const form = await readSubmission(request, SecondFactorSchema, { hideFields: ["code"] });
  const { formData, submission } = form;
  if (formData.get("intent") === "codes-saved") {
    // Said only when it is true: the codes page's button, not a way to make the page say it.
    if (await twoFactorEnabled(ctx, user.id)) return redirectWithNotice(ctx, "/account", "Two-step sign-in is on.");
    return redirect("/account/two-factor", 303);
  }
  if (submission.status !== "success") return form.reply();
  const limit = await checkRateLimit(ctx, [["reauth", `2fa:${user.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  const wrongCode = () => form.fieldError("code", "That code didn't work. Try the one showing now.");

  if (formData.get("intent") === "disable") {
    if (staffTwoFactorRequired(ctx.env)) {
      return form.formError("Staff and admins must keep two-step sign-in on.", 403);
    }
    if (!(await verifySecondFactor(ctx, user.id, submission.value.code))) return wrongCode();
    await disableTwoFactor(ctx, user.id);
    return redirectWithNotice(ctx, "/account", "Two-step sign-in is off.");
  }
  const recoveryCodes = await enableTwoFactor(ctx, user, submission.value.code);
  if (!recoveryCodes) return wrongCode();
  // Shown once, in this response only; the database keeps hashes.
  return data({ result: submission.reply({ resetForm: true }), formId: null, recoveryCodes });
}

export default function TwoFactorSettings({ loaderData, actionData }: Route.ComponentProps) {
  const [form, fields] = useSchemaForm(SecondFactorSchema, { answer: actionData });
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
        <Form method="post" className="mt-6">
          <Button variant="link" name="intent" value="codes-saved" formNoValidate>
            I've saved them
          </Button>
        </Form>
      </AccountPage>
    );
  }
  const codeField = <InputField field={fields.code} label="Code from your app" autoComplete="one-time-code" />;
  if (loaderData.enabled) {
    return (
      <AccountPage title="Two-step sign-in">
        <p className="mt-4">
          On. You have {loaderData.remaining} unused recovery code{loaderData.remaining === 1 ? "" : "s"}.
        </p>
        {loaderData.required ? (
          <p className="mt-4">Staff and admins of this shop must keep it on.</p>
        ) : (
          <SchemaForm form={form} className="mt-6 space-y-4">
            {codeField}
            <input type="hidden" name="intent" value="disable" />
            <Button>Turn off two-step sign-in</Button>
          </SchemaForm>
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
      <SchemaForm form={form} className="mt-6 space-y-4">
        {codeField}
        <input type="hidden" name="intent" value="enable" />
        <Button>Turn on two-step sign-in</Button>
      </SchemaForm>
    </AccountPage>
  );
}
