import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useNavigation, useSearchParams } from "react-router";
import { FormErrors, FormField, Honeypot } from "../components/form-field";
import { GoogleSignIn, SIGN_IN_ERRORS } from "../components/google-sign-in";
import { SHOP_NAME } from "../lib/constants";
import { LoginSchema } from "../modules/auth/auth-forms";
import { getSessionUser } from "../modules/auth/session.server";
import { completeSignIn, knownDeviceFor, recordSignInLockout } from "../modules/auth/sign-in.server";
import { authenticateUser } from "../modules/auth/users.server";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit, clientIp, tooManyAttempts } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/login";

export const meta: Route.MetaFunction = () => [{ title: `Sign in | ${SHOP_NAME}` }];

// Lets a 429's Retry-After reach the browser.
export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  if (await getSessionUser(ctx, request)) throw redirect("/");
  return { google: ctx.env.googleSignIn };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const submission = parseWithZod(await readForm(request), { schema: LoginSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  // Counted per address and per account before any password is checked.
  // A browser that has signed in to this account before has an allowance of its own, so strangers'
  // failures do not lock the owner out of it.
  const account = email.toLowerCase();
  const device = await knownDeviceFor(ctx, request, account);
  const limit = await checkRateLimit(ctx, [
    ["signIn", `ip:${clientIp(request)}`],
    device ? ["signInKnownDevice", `account:${account}:device:${device}`] : ["signInAccount", `account:${account}`],
  ]);
  if (!limit.allowed) {
    if (limit.newlyRefused.includes("signInAccount")) await recordSignInLockout(ctx, account, clientIp(request));
    return tooManyAttempts(submission, limit.retryAfterSeconds);
  }
  const userId = await authenticateUser(ctx, email, password);
  if (!userId) {
    // One message for an unknown email and a wrong password: nothing to learn about who has an account.
    return data(
      { result: submission.reply({ formErrors: ["That email and password don't match."], hideFields: ["password"] }) },
      { status: 401 },
    );
  }
  return completeSignIn(ctx, request, userId, redirectTo);
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(LoginSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  return (
    <section aria-labelledby="login-heading" className="mx-auto max-w-md">
      <h1 id="login-heading" className="font-serif text-3xl font-bold text-crust-900">
        Sign in
      </h1>
      {searchParams.has("reset") ? (
        <p role="status" className="mt-4 rounded-lg bg-green-50 p-3 text-green-900">
          Your password has been changed. Sign in with the new one.
        </p>
      ) : null}
      {searchParams.get("error") && SIGN_IN_ERRORS[searchParams.get("error") ?? ""] ? (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-900">
          {SIGN_IN_ERRORS[searchParams.get("error") ?? ""]}
        </p>
      ) : null}
      {loaderData.google ? <GoogleSignIn redirectTo={searchParams.get("redirectTo") ?? ""} /> : null}
      <Form method="post" {...getFormProps(form)} className="relative mt-6 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <FormField
          label="Email"
          errors={fields.email.errors}
          errorId={fields.email.errorId}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
        />
        <FormField
          label="Password"
          errors={fields.password.errors}
          errorId={fields.password.errorId}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
        />
        <Honeypot />
        <button
          type="submit"
          disabled={navigation.state === "submitting"}
          className="rounded-full bg-crust-700 px-6 py-2.5 font-semibold text-white hover:bg-crust-800 disabled:opacity-70"
        >
          Sign in
        </button>
      </Form>
      <p className="mt-6">
        <Link to="/forgot-password" className="font-semibold text-crust-700 underline">
          Forgot your password?
        </Link>
      </p>
      <p className="mt-2">
        New here?{" "}
        <Link to="/signup" className="font-semibold text-crust-700 underline">
          Create an account
        </Link>
      </p>
    </section>
  );
}
