import { Link, useSearchParams } from "react-router";
import { Button } from "../components/forms/button";
import { Honeypot, InputField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { GoogleSignIn } from "../components/google-sign-in";
import { SHOP_NAME } from "../lib/constants";
import { sendSignupExistingEmail, sendVerificationEmail } from "../modules/auth/account-emails.server";
import { SignupSchema } from "../modules/auth/auth-forms";
import { requireAnonymous } from "../modules/auth/guards.server";
import { PASSWORD_MIN_LENGTH } from "../modules/auth/password";
import { registerUser } from "../modules/auth/users.server";
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import { checkRateLimit, clientIp } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/signup";

export const meta: Route.MetaFunction = () => [{ title: `Create an account | ${SHOP_NAME}` }];

// Lets a 429's Retry-After reach the browser.
export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireAnonymous(ctx, request);
  return { google: ctx.env.googleSignIn };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const form = await readSubmission(request, SignupSchema, { hideFields: ["password"] });
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  const { name, email, password } = submission.value;
  const limit = await checkRateLimit(ctx, [["signUp", `ip:${clientIp(request)}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  const origin = publicOrigin(ctx);
  const registered = await registerUser(ctx, { name, email, password });
  // One answer whether or not the address has an account (nothing to learn about who shops
  // here): a new account gets its confirmation link, which also signs it in; an existing one is told.
  if (registered.ok) await sendVerificationEmail(ctx, { id: registered.userId, email: email.toLowerCase() }, origin);
  else await sendSignupExistingEmail(ctx, email.toLowerCase(), origin);
  // Done: the sign-in page says so, and the form (with the password typed into it) is gone.
  return redirectWithNotice(
    ctx,
    "/login",
    "Check your email: we've sent you a link to confirm your address and finish signing up. If you already have an account, the email tells you how to sign in.",
  );
}

export default function Signup({ loaderData, actionData }: Route.ComponentProps) {
  const [searchParams] = useSearchParams();
  const [form, fields] = useSchemaForm(SignupSchema, { answer: actionData });
  return (
    <section aria-labelledby="signup-heading" className="mx-auto max-w-md">
      <h1 id="signup-heading" className="font-serif text-3xl font-bold text-crust-900">
        Create an account
      </h1>
      <p className="mt-2 text-stone-700">Keep your orders in one place and check out faster.</p>
      {loaderData.google ? <GoogleSignIn redirectTo={searchParams.get("redirectTo") ?? ""} /> : null}
      <SchemaForm form={form} className="relative mt-6 space-y-4">
        <InputField field={fields.name} label="Name" autoComplete="name" />
        <InputField field={fields.email} label="Email" type="email" autoComplete="email" />
        <InputField
          field={fields.password}
          label="Password"
          hint={`(at least ${PASSWORD_MIN_LENGTH} characters)`}
          type="password"
          autoComplete="new-password"
        />
        <Honeypot />
        <Button>Create account</Button>
      </SchemaForm>
      <p className="mt-6">
        Already have one?{" "}
        <Link to="/login" className="font-semibold text-crust-700 underline">
          Sign in
        </Link>
      </p>
    </section>
  );
}
