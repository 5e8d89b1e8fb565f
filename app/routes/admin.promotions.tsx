import { Form } from "react-router";
import { Button } from "../components/forms/button";
import { CheckboxField, ChoiceGroup, FormErrors, InputField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { TableScroller } from "../components/table-scroller";
import { FORM_ID_FIELD } from "../lib/form-answer";
import { formatMoney } from "../lib/money";
import { fullDate } from "../lib/shop-dates";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { addDays, shopLocalDateTime } from "../modules/checkout/slots";
import { readIntentSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { describeDiscount } from "../modules/promotions/discount";
import { CreatePromotionSchema, PromotionActionSchema } from "../modules/promotions/promotion-form";
import {
  createPromotion,
  listPromotions,
  type Promotion,
  setUpAtStripe,
  stopPromotion,
} from "../modules/promotions/promotions.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.promotions";

export const meta: Route.MetaFunction = () => [{ title: "Promotion codes | Admin" }];
export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

const CREATE_FORM = "create-promotion";
const LIST_FORM = "promotion-changes";

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  return { promotions: await listPromotions(ctx), now: ctx.now().toISOString() };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const form = await readIntentSubmission(
    request,
    { create: CreatePromotionSchema, stop: PromotionActionSchema, retry: PromotionActionSchema },
    { formId: (data) => (data.get("intent") === "create" ? CREATE_FORM : LIST_FORM) },
  );
  const limit = await checkRateLimit(ctx, [["writes", `user:${admin.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  if (form.submission.status !== "success") return form.reply();
  if (form.intent === "create") {
    const created = await createPromotion(ctx, admin.id, form.submission.value);
    if (!created.ok) return form.fieldError(created.field, created.message, 409);
    return redirectWithNotice(
      ctx,
      "/admin/promotions",
      created.stripe === "ready"
        ? `${created.code} is ready: customers can enter it in their basket or on the payment page.`
        : `${created.code} is saved, but Stripe could not be reached, so it can't be used yet. Press "Set up at Stripe" to try again.`,
    );
  }
  const { id } = form.submission.value;
  if (form.intent === "retry") {
    const ready = await setUpAtStripe(ctx, id);
    if (!ready) return form.formError("Stripe still can't be reached. Try again in a minute.", 503);
    return redirectWithNotice(ctx, "/admin/promotions", "Set up at Stripe: the code can be used now.");
  }
  const stopped = await stopPromotion(ctx, admin.id, id);
  if (!stopped) return form.formError("Stripe could not be reached, so the code is still on. Try again.", 503);
  return redirectWithNotice(ctx, "/admin/promotions", "Stopped: the code can no longer be used.");
}

/** A code's state in words: what a customer typing it now would find. */
function state(promotion: Promotion, now: string): string {
  if (!promotion.stripePromotionCodeId) return "Not set up at Stripe yet";
  if (!promotion.active) return "Stopped";
  if (promotion.expiresAt && promotion.expiresAt <= now) return "Expired";
  if (promotion.maxRedemptions !== null && promotion.redemptions >= promotion.maxRedemptions) return "Used up";
  return "On";
}

function conditions(promotion: Promotion): string {
  const parts = [
    promotion.minimumOrderPence > 0 ? `orders of ${formatMoney(promotion.minimumOrderPence)} or more` : "",
    promotion.firstOrderOnly ? "first orders only" : "",
    promotion.expiresAt
      ? `until ${fullDate(addDays(shopLocalDateTime(new Date(promotion.expiresAt)).slice(0, 10), -1))}`
      : "",
    promotion.maxRedemptions !== null ? `${promotion.maxRedemptions} uses in all` : "",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "none";
}

export default function AdminPromotions({ loaderData, actionData }: Route.ComponentProps) {
  const { promotions, now } = loaderData;
  const [form, fields] = useSchemaForm(CreatePromotionSchema, {
    answer: actionData,
    id: CREATE_FORM,
    defaultValue: { kind: "percent" },
  });
  const [changes] = useSchemaForm(PromotionActionSchema, { answer: actionData, id: LIST_FORM });
  return (
    <section aria-labelledby="promotions-heading" className="max-w-5xl space-y-6">
      <h1 id="promotions-heading" className="font-serif text-3xl font-bold text-crust-900">
        Promotion codes
      </h1>
      <p>
        A code takes a percentage or an amount off an order. Customers enter it in their basket, or on Stripe's payment
        page; Stripe works the discount out, shows it and takes it off what they pay. Orders, receipts, emails and the
        accounts export show it.
      </p>
      <FormErrors id={changes.errorId} errors={changes.errors} />
      {promotions.length === 0 ? (
        <p>No codes yet.</p>
      ) : (
        <TableScroller label="Promotion codes">
          <table className="w-full border-collapse text-sm">
            <thead>
              <tr className="border-b border-crust-300 text-left">
                <th scope="col" className="px-2 py-1.5">
                  Code
                </th>
                <th scope="col" className="px-2 py-1.5">
                  Takes off
                </th>
                <th scope="col" className="px-2 py-1.5">
                  Conditions
                </th>
                <th scope="col" className="px-2 py-1.5 text-right">
                  Used
                </th>
                <th scope="col" className="px-2 py-1.5">
                  State
                </th>
                <th scope="col" className="px-2 py-1.5">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {promotions.map((promotion) => (
                <tr key={promotion.id} className="border-b border-crust-100">
                  <th scope="row" className="px-2 py-1.5 text-left font-mono font-semibold">
                    {promotion.code}
                  </th>
                  <td className="px-2 py-1.5">{describeDiscount(promotion)}</td>
                  <td className="px-2 py-1.5">{conditions(promotion)}</td>
                  <td className="px-2 py-1.5 text-right tabular-nums">{promotion.redemptions}</td>
                  <td className="px-2 py-1.5">{state(promotion, now)}</td>
                  <td className="px-2 py-1.5">
                    {promotion.active ? (
                      <Form method="post" id={`${LIST_FORM}-${promotion.id}`}>
                        <input type="hidden" name={FORM_ID_FIELD} value={LIST_FORM} />
                        <input type="hidden" name="id" value={promotion.id} />
                        {promotion.stripePromotionCodeId ? (
                          <Button
                            variant="secondary"
                            size="sm"
                            name="intent"
                            value="stop"
                            aria-label={`Stop ${promotion.code}`}
                          >
                            Stop
                          </Button>
                        ) : (
                          <Button variant="secondary" size="sm" name="intent" value="retry">
                            Set up at Stripe
                          </Button>
                        )}
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroller>
      )}
      <SchemaForm
        form={form}
        aria-label="New promotion code"
        className="space-y-4 rounded-2xl border border-crust-200 bg-white p-4"
      >
        <h2 className="text-xl font-semibold text-crust-900">New code</h2>
        <input type="hidden" name="intent" value="create" />
        <InputField
          field={fields.code}
          label="Code"
          hint="(letters, digits and hyphens, like SPRING10)"
          className="max-w-60 uppercase"
        />
        <ChoiceGroup
          field={fields.kind}
          legend="Takes off"
          type="radio"
          layout="row"
          choices={[
            { value: "percent", label: "A percentage" },
            { value: "amount", label: "An amount" },
          ]}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <InputField field={fields.percentOff} label="Percentage off (%)" inputMode="numeric" className="max-w-28" />
          <InputField field={fields.amountOff} label="Amount off (£)" inputMode="decimal" className="max-w-28" />
          <InputField
            field={fields.minimumOrder}
            label="Minimum order (£)"
            hint="(optional)"
            inputMode="decimal"
            className="max-w-28"
          />
          <InputField
            field={fields.maxRedemptions}
            label="Uses in all"
            hint="(optional)"
            inputMode="numeric"
            className="max-w-28"
          />
          <InputField field={fields.lastDay} label="Last day it can be used" hint="(optional)" type="date" />
        </div>
        <CheckboxField
          field={fields.firstOrderOnly}
          label="First orders only (an email address that has not ordered before)"
        />
        <Button size="md">Create code</Button>
      </SchemaForm>
    </section>
  );
}
