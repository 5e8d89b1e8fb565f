import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useNavigation, useSearchParams } from "react-router";
import { FormErrors, FormField, Honeypot } from "../components/form-field";
import { GoogleSignIn } from "../components/google-sign-in";
import { SHOP_NAME } from "../lib/constants";
import { sendSignupExistingEmail, sendVerificationEmail } from "../modules/auth/account-emails.server";
import { SignupSchema } from "../modules/auth/auth-forms";
import { PASSWORD_MIN_LENGTH } from "../modules/auth/password";
import { getSessionUser } from "../modules/auth/session.server";
import { registerUser } from "../modules/auth/users.server";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import { checkRateLimit, clientIp, tooManyAttempts } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/signup";

export const meta: Route.MetaFunction = () => [{ title: `Create an account | ${SHOP_NAME}` }];

// Lets a 429's Retry-After reach the browser.
export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  if (await getSessionUser(ctx, request)) throw redirect("/");
  return { google: ctx.env.googleSignIn };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const submission = parseWithZod(await readForm(request), { schema: SignupSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { name, email, password } = submission.value;
  const limit = await checkRateLimit(ctx, [["signUp", `ip:${clientIp(request)}`]]);
  if (!limit.allowed) return tooManyAttempts(submission, limit.retryAfterSeconds);
  const origin = publicOrigin(ctx);
  const registered = await registerUser(ctx, { name, email, password });
  // One answer whether or not the address has an account (nothing to learn about who shops
  // here): a new account gets its confirmation link, which also signs it in; an existing one is told.
  if (registered.ok) await sendVerificationEmail(ctx, { id: registered.userId, email: email.toLowerCase() }, origin);
  else await sendSignupExistingEmail(ctx, email.toLowerCase(), origin);
  return redirect("/signup?sent=1", 303);
}

export default function Signup({ loaderData, actionData }: Route.ComponentProps) {
  const [searchParams] = useSearchParams();
  return (
    <section aria-labelledby="signup-heading" className="mx-auto max-w-md">
      <h1 id="signup-heading" className="font-serif text-3xl font-bold text-crust-900">
        Create an account
      </h1>
      {searchParams.has("sent") ? (
        // Done: the form (and the password typed into it) is not shown again.
        <>
          <p role="status" className="mt-4 rounded-lg bg-green-50 p-3 text-green-900">
            Check your email: we've sent you a link to confirm your address and finish signing up. If you already have
            an account, the email tells you how to sign in.
          </p>
          <p className="mt-6">
            <Link to="/login" className="font-semibold text-crust-700 underline">
              Sign in
            </Link>{" "}
            instead, if you already have a password.
          </p>
        </>
      ) : (
        <SignupForm google={loaderData.google} lastResult={actionData?.result} />
      )}
    </section>
  );
}

function SignupForm({
  google,
  lastResult,
}: {
  google: boolean;
  lastResult: NonNullable<Route.ComponentProps["actionData"]>["result"] | undefined;
}) {
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(SignupSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignupSchema }),
  });
  return (
    <>
      <p className="mt-2 text-stone-700">Keep your orders in one place and check out faster.</p>
      {google ? <GoogleSignIn redirectTo={searchParams.get("redirectTo") ?? ""} /> : null}
      <Form method="post" {...getFormProps(form)} className="relative mt-6 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormField
          label="Name"
          errors={fields.name.errors}
          errorId={fields.name.errorId}
          inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }}
        />
        <FormField
          label="Email"
          errors={fields.email.errors}
          errorId={fields.email.errorId}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
        />
        <FormField
          label="Password"
          hint={`(at least ${PASSWORD_MIN_LENGTH} characters)`}
          errors={fields.password.errors}
          errorId={fields.password.errorId}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <Honeypot />
        <button
          type="submit"
          disabled={navigation.state === "submitting"}
          className="rounded-full bg-crust-700 px-6 py-2.5 font-semibold text-white hover:bg-crust-800 disabled:opacity-70"
        >
          Create account
        </button>
      </Form>
      <p className="mt-6">
        Already have one?{" "}
        <Link to="/login" className="font-semibold text-crust-700 underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
