import { Link, useSearchParams } from "react-router";
import { Button } from "../components/forms/button";
import { Honeypot, InputField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { GoogleSignIn } from "../components/google-sign-in";
import { SHOP_NAME } from "../lib/constants";
import { LoginSchema } from "../modules/auth/auth-forms";
import { requireAnonymous } from "../modules/auth/guards.server";
import { completeSignIn, knownDeviceFor, recordSignInLockout } from "../modules/auth/sign-in.server";
import { authenticateUser } from "../modules/auth/users.server";
import { readSubmission } from "../modules/forms/submission.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit, clientIp } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/login";

export const meta: Route.MetaFunction = () => [{ title: `Sign in | ${SHOP_NAME}` }];

// Lets a 429's Retry-After reach the browser.
export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireAnonymous(ctx, request);
  return { google: ctx.env.googleSignIn };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const form = await readSubmission(request, LoginSchema, { hideFields: ["password"] });
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
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
    return form.tooManyAttempts(limit.retryAfterSeconds);
  }
  const userId = await authenticateUser(ctx, email, password);
  if (!userId) {
    // One message for an unknown email and a wrong password: nothing to learn about who has an account.
    return form.formError("That email and password don't match.", 401);
  }
  return completeSignIn(ctx, request, userId, redirectTo);
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const [searchParams] = useSearchParams();
  const [form, fields] = useSchemaForm(LoginSchema, { answer: actionData });
  return (
    <section aria-labelledby="login-heading" className="mx-auto max-w-md">
      <h1 id="login-heading" className="font-serif text-3xl font-bold text-crust-900">
        Sign in
      </h1>
      {loaderData.google ? <GoogleSignIn redirectTo={searchParams.get("redirectTo") ?? ""} /> : null}
      <SchemaForm form={form} className="relative mt-6 space-y-4">
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <InputField field={fields.email} label="Email" type="email" autoComplete="email" />
        <InputField field={fields.password} label="Password" type="password" autoComplete="current-password" />
        <Honeypot />
        <Button>Sign in</Button>
      </SchemaForm>
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
