import { getInputProps } from "@conform-to/react";
import { Button } from "../components/forms/button";
import { InputField, TextareaField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import { readBakeryDetails, saveBakeryDetails } from "../modules/settings/bakery-details.server";
import { BakeryDetailsSchema } from "../modules/settings/bakery-details-form";
import type { Route } from "./+types/admin.bakery";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  // From D1, not the page cache: the form must start from what is saved now.
  return { details: await readBakeryDetails(ctx.db) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const form = await readSubmission(request, BakeryDetailsSchema);
  const limit = await checkRateLimit(ctx, [["writes", `user:${admin.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  const { version, ...values } = submission.value;
  const saved = await saveBakeryDetails(ctx, admin.id, version, values);
  if (!saved.ok) {
    // What the other admin saved, in place of these values: the form's version is theirs now.
    const { current } = saved;
    return form.reply({
      status: 409,
      formErrors: [
        "Someone else saved the bakery details while you were editing. This form now shows what they saved: make your changes again.",
      ],
      values: {
        name: current.name,
        address: current.address,
        postcode: current.postcode,
        collectionInstructions: current.collectionInstructions,
        phone: current.phone,
        email: current.email,
        companyNumber: current.companyNumber,
        vatNumber: current.vatNumber,
        vatStandardRateBps: percent(current.vatStandardRateBps),
        vatReducedRateBps: percent(current.vatReducedRateBps),
        version: String(current.version),
      },
    });
  }
  return redirectWithNotice(ctx, "/admin/bakery", "Bakery details saved. The shop shows them now.");
}

/** Basis points as the form shows them: 2000 → "20", 1750 → "17.5". */
const percent = (bps: number) => String(bps / 100);

export default function AdminBakery({ loaderData, actionData }: Route.ComponentProps) {
  const { details } = loaderData;
  const [form, fields] = useSchemaForm(BakeryDetailsSchema, {
    answer: actionData,
    defaultValue: {
      name: details.name,
      address: details.address,
      postcode: details.postcode,
      collectionInstructions: details.collectionInstructions,
      phone: details.phone,
      email: details.email,
      companyNumber: details.companyNumber,
      vatNumber: details.vatNumber,
      vatStandardRateBps: percent(details.vatStandardRateBps),
      vatReducedRateBps: percent(details.vatReducedRateBps),
      version: String(details.version),
    },
  });
  const { key: versionKey, ...versionProps } = getInputProps(fields.version, { type: "hidden" });
  return (
    <section aria-labelledby="bakery-heading" className="max-w-3xl space-y-6">
      <h1 id="bakery-heading" className="font-serif text-3xl font-bold text-crust-900">
        Bakery details
      </h1>
      <p>
        Customers see these in the footer of every page, at checkout, on their order page and in every email. Opening
        hours come from the <a href="/admin/calendar">calendar</a>.
      </p>
      {details.example ? (
        <p role="status" className="rounded-lg bg-amber-50 p-3 font-semibold text-amber-950">
          These are example details, and the shop tells customers so. Save the bakery's own to go live.
        </p>
      ) : null}
      <SchemaForm
        form={form}
        aria-label="Bakery details"
        className="space-y-4 rounded-2xl border border-crust-200 bg-white p-4"
      >
        <input key={versionKey} {...versionProps} />
        <InputField field={fields.name} label="Name" autoComplete="organization" />
        <TextareaField field={fields.address} label="Street address" hint="(one line per line)" rows={3} />
        <InputField field={fields.postcode} label="Postcode" className="max-w-40 uppercase" />
        <TextareaField
          field={fields.collectionInstructions}
          label="How to collect"
          hint="(shown at checkout, on the order page and in emails)"
          rows={3}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <InputField field={fields.phone} label="Phone" type="tel" />
          <InputField field={fields.email} label="Email" type="email" />
          <InputField field={fields.companyNumber} label="Company number" hint="(if a limited company)" />
          <InputField field={fields.vatNumber} label="VAT number" hint="(if VAT-registered)" />
        </div>
        <fieldset className="space-y-3">
          <legend className="font-semibold text-crust-900">VAT rates</legend>
          <p className="text-sm text-crust-700">
            With a VAT number, every order gets a VAT receipt and every refund a credit note, worked out at these rates
            for each product's VAT category. Zero-rated products (most bread and cakes) pay none. Prices stay as they
            are: VAT is part of them. A change applies to orders placed after it.
          </p>
          <div className="grid gap-4 sm:grid-cols-2">
            <InputField
              field={fields.vatStandardRateBps}
              label="Standard rate (%)"
              hint="(hot food, confectionery, soft drinks)"
              inputMode="decimal"
              className="max-w-28"
            />
            <InputField
              field={fields.vatReducedRateBps}
              label="Reduced rate (%)"
              inputMode="decimal"
              className="max-w-28"
            />
          </div>
        </fieldset>
        <Button size="md">Save bakery details</Button>
      </SchemaForm>
    </section>
  );
}
