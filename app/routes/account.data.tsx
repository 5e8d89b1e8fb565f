import { Link } from "react-router";
import { AccountPage, CurrentPasswordField, GoogleReauthentication } from "../components/account-page";
import { Button } from "../components/forms/button";
import { CheckboxField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { PersonalDataView } from "../components/personal-data-view";
import { SHOP_NAME } from "../lib/constants";
import { refuseUnlessItIsThem } from "../modules/auth/confirm-identity.server";
import { needsGoogleReauthentication, requireAccountProfile, requireUser } from "../modules/auth/guards.server";
import { endSession } from "../modules/auth/session.server";
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { collectPersonalData, erasePersonalData, openOrderNumbers } from "../modules/privacy/personal-data.server";
import { DeleteAccountSchema } from "../modules/privacy/privacy-forms";
import type { Route } from "./+types/account.data";

export const meta: Route.MetaFunction = () => [
  { title: `Your data | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  const profile = await requireAccountProfile(ctx, request);
  const subject = { userId: user.id, email: user.email };
  const [data, openOrders] = await Promise.all([collectPersonalData(ctx, subject), openOrderNumbers(ctx, subject)]);
  const search = new URL(request.url).searchParams;
  return {
    data,
    openOrders,
    staff: user.role !== "customer",
    hasPassword: profile.hasPassword,
    needsGoogle: needsGoogleReauthentication(user, profile),
    reauthFailed: search.get("reauth") === "failed",
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  const form = await readSubmission(request, DeleteAccountSchema, { hideFields: ["currentPassword"] });
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  // A borrowed, signed-in browser must not be enough to erase an account.
  const refused = await refuseUnlessItIsThem(ctx, request, user, submission.value.currentPassword, form);
  if (refused) return refused;
  const erased = await erasePersonalData(ctx, { userId: user.id, email: user.email }, user.id, "customer");
  if (!erased.ok) {
    return form.formError(
      erased.reason === "staff"
        ? "A staff account can't be deleted here: ask an admin to make it a customer account first."
        : `We can't delete your account while an order is on its way (${erased.numbers.join(", ")}): it needs your name and address until you have it. Try again once it is collected or delivered, or ask us to cancel it.`,
      409,
    );
  }
  return redirectWithNotice(
    ctx,
    "/",
    "Your account is deleted. We keep only what the law needs of your past orders, without your name or contact details.",
    { "Set-Cookie": await endSession(ctx, request) },
  );
}

export default function YourData({ loaderData, actionData }: Route.ComponentProps) {
  const { data, openOrders, staff, hasPassword, needsGoogle, reauthFailed } = loaderData;
  const [form, fields] = useSchemaForm(DeleteAccountSchema, { answer: actionData });
  return (
    <AccountPage title="Your data">
      <p className="mt-2 text-stone-700">
        Everything we hold about you, as our{" "}
        <Link to="/privacy" className="font-semibold text-crust-700 underline">
          privacy notice
        </Link>{" "}
        describes it.
      </p>
      <p className="mt-4">
        <a href="/account/data.json" download className="font-semibold text-crust-700 underline">
          Download your data (JSON)
        </a>
      </p>
      <div className="mt-6">
        <PersonalDataView data={data} />
      </div>

      <section aria-labelledby="delete-heading" className="mt-10 rounded-2xl border-2 border-red-800 bg-white p-4">
        <h2 id="delete-heading" className="font-serif text-2xl font-bold text-red-900">
          Delete your account
        </h2>
        <p className="mt-2">
          We remove your name, email, phone, addresses and messages from your account and your orders, and sign you out
          everywhere. We keep each order's number, date, items and amounts without them: the law asks us to keep sales
          records for six years, and a refund needs the payment.
        </p>
        {staff ? (
          <p className="mt-3 font-semibold">
            This is a staff account: an admin must make it a customer account before it can be deleted.
          </p>
        ) : openOrders.length > 0 ? (
          <p className="mt-3 font-semibold">
            {`You can delete your account once ${openOrders.length === 1 ? "this order is" : "these orders are"} collected or delivered: ${openOrders.join(", ")}.`}
          </p>
        ) : needsGoogle ? (
          <GoogleReauthentication returnTo="/account/data" failed={reauthFailed} />
        ) : (
          <SchemaForm form={form} aria-label="Delete your account" className="mt-4 space-y-4">
            {hasPassword ? <CurrentPasswordField field={fields.currentPassword} /> : null}
            <CheckboxField field={fields.confirm} label="Yes, delete my account and my details" />
            <Button variant="danger" size="md">
              Delete my account
            </Button>
          </SchemaForm>
        )}
      </section>
    </AccountPage>
  );
}
