import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useNavigation } from "react-router";
import { AccountPage, SubmitButton } from "../components/account-page";
import { FormErrors, FormField, TextAreaField } from "../components/form-field";
import { SHOP_NAME } from "../lib/constants";
import { updateAccountDetails } from "../modules/auth/account.server";
import { AccountDetailsSchema } from "../modules/auth/auth-forms";
import { requireAccountProfile, requireUser } from "../modules/auth/guards.server";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit, tooManyAttempts } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/account.details";

export const meta: Route.MetaFunction = () => [
  { title: `Your details | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const profile = await requireAccountProfile(getRequestContext(context), request);
  return { name: profile.name, phone: profile.phone, address: profile.address, postcode: profile.postcode };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  const submission = parseWithZod(await readForm(request), { schema: AccountDetailsSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const limit = await checkRateLimit(ctx, [["writes", `user:${user.id}`]]);
  if (!limit.allowed) return tooManyAttempts(submission, limit.retryAfterSeconds, []);
  await updateAccountDetails(ctx, user.id, submission.value);
  return redirect("/account?saved=details", 303);
}

export default function AccountDetails({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: loaderData,
    constraint: getZodConstraint(AccountDetailsSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AccountDetailsSchema }),
  });
  return (
    <AccountPage title="Your details">
      <p className="mt-2 text-stone-700">We fill these in for you at checkout.</p>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormField
          label="Name"
          errors={fields.name.errors}
          errorId={fields.name.errorId}
          inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }}
        />
        <FormField
          label="Phone"
          hint="(optional, for delivery questions)"
          errors={fields.phone.errors}
          errorId={fields.phone.errorId}
          inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "tel" }}
        />
        <TextAreaField
          label="Delivery address"
          hint="(optional)"
          errors={fields.address.errors}
          errorId={fields.address.errorId}
          textareaProps={{ ...getTextareaProps(fields.address), rows: 3, autoComplete: "street-address" }}
        />
        <FormField
          label="Postcode"
          hint="(optional)"
          errors={fields.postcode.errors}
          errorId={fields.postcode.errorId}
          inputProps={{ ...getInputProps(fields.postcode, { type: "text" }), autoComplete: "postal-code" }}
        />
        <SubmitButton pending={navigation.state === "submitting"}>Save details</SubmitButton>
      </Form>
    </AccountPage>
  );
}
