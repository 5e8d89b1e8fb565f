import { Form, Link } from "react-router";
import { BackLink } from "../components/back-link";
import { Button } from "../components/forms/button";
import { InputField, SelectField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import type { FormAnswer } from "../lib/form-answer";
import { parseMinorUnits } from "../lib/money";
import { findAdminProductOr404 } from "../modules/admin/catalog-admin.server";
import {
  OptionAddSchema,
  OptionPlanningSchema,
  OptionRemoveSchema,
  OptionValueAddSchema,
  OptionValueRemoveSchema,
} from "../modules/admin/product-forms";
import {
  addOption,
  addValue,
  type OptionEditResult,
  removeOption,
  removeValue,
  setPlannedApart,
} from "../modules/admin/product-options.server";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import {
  MAX_OPTION_VALUES,
  MAX_OPTIONS,
  MESSAGE_MAX_LENGTH,
  type ProductOption,
  valueLabel,
} from "../modules/catalog/options";
import { loadProductOptions } from "../modules/catalog/options.server";
import { readIntentSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.products.$id.options";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  const product = await findAdminProductOr404(ctx, params.id);
  const options = (await loadProductOptions(ctx.db, [product.id])).get(product.id) ?? [];
  return { product: { id: product.id, name: product.name }, options };
}

/**
 * Which form on the page a post is from: an option's forms are named by the option, a value's by
 * the value, so a refusal is shown beside the button that was pressed.
 */
function formIdOf(formData: FormData) {
  const intent = String(formData.get("intent") ?? "");
  if (intent === "value-add" || intent === "option-remove" || intent === "option-planning") {
    return `${intent}-${String(formData.get("optionId") ?? "")}`;
  }
  if (intent === "value-remove") return `${intent}-${String(formData.get("valueId") ?? "")}`;
  return intent;
}

/** Why a button's post was refused, by the button (its form's id). */
function Refusal({ answer, formId }: { answer: FormAnswer | undefined; formId: string }) {
  const message = answer?.formId === formId ? answer.result.error?.[""] : undefined;
  if (!message) return null;
  return (
    <p role="alert" className="text-sm font-semibold text-red-800">
      {message.join(" ")}
    </p>
  );
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const product = await findAdminProductOr404(ctx, params.id);
  const form = await readIntentSubmission(
    request,
    {
      "option-add": OptionAddSchema,
      "option-remove": OptionRemoveSchema,
      "option-planning": OptionPlanningSchema,
      "value-add": OptionValueAddSchema,
      "value-remove": OptionValueRemoveSchema,
    },
    { formId: formIdOf },
  );
  const limit = await checkRateLimit(ctx, [["writes", `user:${admin.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  if (form.submission.status !== "success") return form.reply();
  let result: OptionEditResult;
  if (form.intent === "option-add") {
    result = await addOption(ctx, admin.id, product.id, form.submission.value as typeof OptionAddSchema._output);
  } else if (form.intent === "option-remove") {
    const { optionId } = form.submission.value as typeof OptionRemoveSchema._output;
    result = await removeOption(ctx, admin.id, product.id, optionId);
  } else if (form.intent === "option-planning") {
    const { optionId, plannedApart } = form.submission.value as typeof OptionPlanningSchema._output;
    result = await setPlannedApart(ctx, admin.id, product.id, optionId, plannedApart);
  } else if (form.intent === "value-add") {
    const value = form.submission.value as typeof OptionValueAddSchema._output;
    result = await addValue(ctx, admin.id, product.id, {
      optionId: value.optionId,
      label: value.label,
      priceDeltaPence: value.priceDelta ? (parseMinorUnits(value.priceDelta) ?? 0) : 0,
    });
  } else {
    const { valueId } = form.submission.value as typeof OptionValueRemoveSchema._output;
    result = await removeValue(ctx, admin.id, product.id, valueId);
  }
  if (!result.ok) {
    return result.field ? form.fieldError(result.field, result.message, 409) : form.formError(result.message, 409);
  }
  return redirectWithNotice(ctx, `/admin/products/${product.id}/options`, result.notice);
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `Options of ${data.product.name}` : "Options" }];

const KIND_CHOICES = [
  { value: "choice", label: "A choice (sizes, sliced or not)" },
  { value: "message", label: `A personal message (up to ${MESSAGE_MAX_LENGTH} characters)` },
];

export default function ProductOptionsPage({ loaderData, actionData }: Route.ComponentProps) {
  const { product, options } = loaderData;
  return (
    <section aria-labelledby="options-heading" className="max-w-3xl space-y-6">
      <div>
        <BackLink to={`/admin/products/${product.id}`}>{product.name}</BackLink>
        <h1 id="options-heading" className="mt-2 font-serif text-3xl font-bold text-crust-900">
          {`Options of ${product.name}`}
        </h1>
        <p className="mt-1 text-sm text-stone-700">
          {`Up to ${MAX_OPTIONS} options, ${MAX_OPTION_VALUES} values each. A shopper picks one value of every choice; its price is added to the product's. A product's options share its count in the production plan, unless one choice is planned apart: then each of its values (a cake's sizes) is baked to its own number, a row of its own in the production grid. Changing options takes the product out of baskets that hold it, so shoppers choose again.`}
        </p>
      </div>
      {options.map((option) => (
        <OptionPanel key={option.id} option={option} answer={actionData} />
      ))}
      {options.length < MAX_OPTIONS ? <AddOptionForm answer={actionData} /> : null}
    </section>
  );
}

function OptionPanel({ option, answer }: { option: ProductOption; answer: FormAnswer | undefined }) {
  return (
    <section aria-label={option.name} className="space-y-3 rounded-2xl border border-crust-200 bg-white p-4">
      <div className="flex items-center justify-between gap-3">
        <h2 className="font-serif text-xl font-bold">
          {option.name}
          <span className="ml-2 text-sm font-normal text-stone-600">
            {option.kind === "choice" ? "choice" : "personal message"}
          </span>
        </h2>
        <Form method="post">
          <input type="hidden" name="intent" value="option-remove" />
          <input type="hidden" name="optionId" value={option.id} />
          <Button variant="secondary" size="sm" aria-label={`Remove the option ${option.name}`}>
            Remove option
          </Button>
        </Form>
      </div>
      <Refusal answer={answer} formId={`option-remove-${option.id}`} />
      {option.kind === "choice" ? (
        <>
          {option.values.length === 0 ? (
            <p className="text-sm font-semibold text-amber-900">
              No values yet: shoppers can't add it until it has one.
            </p>
          ) : null}
          <ul className="space-y-1">
            {option.values.map((value) => (
              <li key={value.id} className="flex items-center gap-3">
                <span>{valueLabel(value)}</span>
                <Form method="post">
                  <input type="hidden" name="intent" value="value-remove" />
                  <input type="hidden" name="valueId" value={value.id} />
                  <Button variant="link" size="sm" aria-label={`Remove ${value.label}`}>
                    Remove
                  </Button>
                </Form>
                <Refusal answer={answer} formId={`value-remove-${value.id}`} />
              </li>
            ))}
          </ul>
          {option.values.length < MAX_OPTION_VALUES ? <AddValueForm optionId={option.id} answer={answer} /> : null}
          <PlanningForm option={option} answer={answer} />
        </>
      ) : null}
    </section>
  );
}

/** Whether the values are baked to their own numbers (a row each in the grid) or share the product's. */
function PlanningForm({ option, answer }: { option: ProductOption; answer: FormAnswer | undefined }) {
  return (
    <Form method="post" className="flex flex-wrap items-center gap-3 border-t border-crust-100 pt-3 text-sm">
      <Refusal answer={answer} formId={`option-planning-${option.id}`} />
      <input type="hidden" name="intent" value="option-planning" />
      <input type="hidden" name="optionId" value={option.id} />
      <input type="hidden" name="plannedApart" value={option.plannedApart ? "no" : "yes"} />
      <p className="text-stone-700">
        {option.plannedApart ? (
          <>
            <strong>Planned apart:</strong> each value has its own row in the{" "}
            <Link to="/admin/production" className="underline">
              production grid
            </Link>
            .
          </>
        ) : (
          "Planned together: the values share the product's number each day."
        )}
      </p>
      <Button variant="secondary" size="sm">
        {option.plannedApart ? "Plan them together" : "Plan each value apart"}
      </Button>
    </Form>
  );
}

function AddValueForm({ optionId, answer }: { optionId: number; answer: FormAnswer | undefined }) {
  const [form, fields] = useSchemaForm(OptionValueAddSchema, { answer, id: `value-add-${optionId}` });
  return (
    <SchemaForm form={form} aria-label="Add a value" className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="intent" value="value-add" />
      <input type="hidden" name="optionId" value={optionId} />
      <InputField field={fields.label} label="New value" />
      <InputField field={fields.priceDelta} label="Adds (£)" hint="(optional)" inputMode="decimal" />
      <Button size="md">Add value</Button>
    </SchemaForm>
  );
}

function AddOptionForm({ answer }: { answer: FormAnswer | undefined }) {
  const [form, fields] = useSchemaForm(OptionAddSchema, { answer, id: "option-add", defaultValue: { kind: "choice" } });
  return (
    <SchemaForm
      form={form}
      aria-label="Add an option"
      className="space-y-3 rounded-2xl border border-crust-200 bg-white p-4"
    >
      <input type="hidden" name="intent" value="option-add" />
      <h2 className="font-serif text-xl font-bold">Add an option</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <InputField field={fields.name} label="Name" hint="(like Size, or Message on the cake)" />
        <SelectField field={fields.kind} label="Kind" choices={KIND_CHOICES} />
      </div>
      <Button size="md">Add option</Button>
    </SchemaForm>
  );
}
