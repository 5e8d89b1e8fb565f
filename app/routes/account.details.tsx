import { AccountPage } from "../components/account-page";
import { Button } from "../components/forms/button";
import { InputField, TextareaField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { SHOP_NAME } from "../lib/constants";
import { updateAccountDetails } from "../modules/auth/account.server";
import { AccountDetailsSchema } from "../modules/auth/auth-forms";
import { requireAccountProfile, requireUser } from "../modules/auth/guards.server";
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
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
  const form = await readSubmission(request, AccountDetailsSchema);
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  const limit = await checkRateLimit(ctx, [["writes", `user:${user.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  await updateAccountDetails(ctx, user.id, submission.value);
  return redirectWithNotice(ctx, "/account", "Your details are saved.");
}

export default function AccountDetails({ loaderData, actionData }: Route.ComponentProps) {
  const [form, fields] = useSchemaForm(AccountDetailsSchema, { answer: actionData, defaultValue: loaderData });
  return (
    <AccountPage title="Your details">
      <p className="mt-2 text-stone-700">We fill these in for you at checkout.</p>
      <SchemaForm form={form} className="mt-6 space-y-4">
        <InputField field={fields.name} label="Name" autoComplete="name" />
        <InputField
          field={fields.phone}
          label="Phone"
          hint="(optional, for delivery questions)"
          type="tel"
          autoComplete="tel"
        />
        <TextareaField
          field={fields.address}
          label="Delivery address"
          hint="(optional)"
          rows={3}
          autoComplete="street-address"
        />
        <InputField field={fields.postcode} label="Postcode" hint="(optional)" autoComplete="postal-code" />
        <Button>Save details</Button>
      </SchemaForm>
    </AccountPage>
  );
}
