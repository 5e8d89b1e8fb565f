import { Form } from "react-router";
import { Button } from "../components/forms/button";
import { InputField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { PersonalDataView } from "../components/personal-data-view";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { subjectByEmail } from "../modules/privacy/data-subjects.server";
import { collectPersonalData, erasePersonalData, openOrderNumbers } from "../modules/privacy/personal-data.server";
import { CustomerLookupSchema, EraseCustomerSchema } from "../modules/privacy/privacy-forms";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.customer-data";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

/** A customer's (or a guest's) data, found by their email address, for a request made to the bakery. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  const lookup = CustomerLookupSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!lookup.success) return { email: null, data: null, openOrders: [] };
  const subject = await subjectByEmail(ctx, lookup.data.email);
  const [data, openOrders] = await Promise.all([collectPersonalData(ctx, subject), openOrderNumbers(ctx, subject)]);
  return { email: subject.email, data, openOrders };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const form = await readSubmission(request, EraseCustomerSchema);
  const limit = await checkRateLimit(ctx, [["writes", `user:${admin.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  const subject = await subjectByEmail(ctx, submission.value.email);
  const erased = await erasePersonalData(ctx, subject, admin.id, "admin");
  if (!erased.ok) {
    return form.formError(
      erased.reason === "staff"
        ? "This is a staff account: make it a customer account (Users) before erasing it."
        : `Not erased: these orders still need the customer's details until they are collected, delivered or cancelled: ${erased.numbers.join(", ")}.`,
      409,
    );
  }
  return redirectWithNotice(
    ctx,
    `/admin/customer-data?email=${encodeURIComponent(subject.email)}`,
    "Erased: the customer's personal details are gone from their account, orders and emails.",
  );
}

export default function CustomerData({ loaderData, actionData }: Route.ComponentProps) {
  const { email, data, openOrders } = loaderData;
  const [form, fields] = useSchemaForm(EraseCustomerSchema, {
    answer: actionData,
    defaultValue: { email: email ?? "", confirmEmail: "" },
  });
  const nothingHeld = data && !data.account && data.orders.length === 0 && data.emails.length === 0;
  return (
    <section aria-labelledby="customer-data-heading" className="max-w-3xl space-y-6">
      <h1 id="customer-data-heading" className="font-serif text-3xl font-bold text-crust-900">
        Customer data
      </h1>
      <p>
        When someone asks what the shop holds about them, or asks for it to be erased (UK GDPR), find them by the email
        address they used. Guests who never made an account are found by the address on their orders.
      </p>
      <Form method="get" role="search" aria-label="Find a customer" className="flex flex-wrap items-end gap-2">
        <label className="font-medium">
          Email address
          <input
            type="email"
            name="email"
            required
            defaultValue={email ?? ""}
            className="mt-1 block w-72 max-w-full rounded-lg border border-stone-300 bg-white px-3 py-2"
          />
        </label>
        <Button variant="secondary" size="md">
          Find
        </Button>
      </Form>
      {email && data ? (
        nothingHeld ? (
          <p role="status">{`The shop holds nothing for ${email}.`}</p>
        ) : (
          <>
            <p>
              <a
                href={`/admin/customer-data.json?email=${encodeURIComponent(email)}`}
                download
                className="font-semibold text-crust-700 underline"
              >
                {`Download ${email}'s data (JSON)`}
              </a>{" "}
              to send to them.
            </p>
            <PersonalDataView data={data} />
            <section aria-labelledby="erase-heading" className="rounded-2xl border-2 border-red-800 bg-white p-4">
              <h2 id="erase-heading" className="font-serif text-2xl font-bold text-red-900">
                Erase this customer
              </h2>
              <p className="mt-2">
                Removes their name, email, phone, addresses and messages from their account (which stops working) and
                their orders, and empties the emails sent to them. Order numbers, dates, items, amounts and Stripe's ids
                stay for the tax records and refunds.
              </p>
              {openOrders.length > 0 ? (
                <p className="mt-3 font-semibold">{`Not yet: ${openOrders.join(", ")} still need their details until collected, delivered or cancelled.`}</p>
              ) : (
                <SchemaForm
                  form={form}
                  aria-label="Erase this customer"
                  // Back to this customer's page, so a refusal shows by the field.
                  action={`/admin/customer-data?email=${encodeURIComponent(email)}`}
                  className="mt-4 space-y-4"
                >
                  <input type="hidden" name="email" value={email} />
                  <InputField
                    field={fields.confirmEmail}
                    label="Type their email address again"
                    type="email"
                    autoComplete="off"
                  />
                  <Button variant="danger" size="md">
                    Erase their personal data
                  </Button>
                </SchemaForm>
              )}
            </section>
          </>
        )
      ) : null}
    </section>
  );
}
