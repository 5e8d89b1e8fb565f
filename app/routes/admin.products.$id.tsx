import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useNavigation, useSearchParams } from "react-router";
import { SubmitButton } from "../components/account-page";
import { ProductFields } from "../components/admin/product-fields";
import { BackLink } from "../components/back-link";
import { FormErrors } from "../components/form-field";
import { formatMoney, minorUnitsToDecimalString } from "../lib/money";
import {
  type AdminProduct,
  adjustStock,
  categoryChoices,
  editableFromForm,
  findAdminProductOr404,
  productAuditLog,
  saveProduct,
} from "../modules/admin/catalog-admin.server";
import { ProductFormSchema, StatusChangeSchema, StockAdjustSchema } from "../modules/admin/product-forms";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit, tooManyAttemptsMessage } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.products.$id";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  const product = await findAdminProductOr404(ctx, params.id);
  const [categories, audit] = await Promise.all([categoryChoices(ctx), productAuditLog(ctx, product.id)]);
  return { product, categories, audit };
}

type ActionReply = {
  intent: "save" | "stock" | "status";
  result?: SubmissionResult<string[]>;
  message?: string;
  /** When someone else saved first: their version, so the next save is checked against it. */
  conflict?: AdminProduct;
  differences?: { field: string; saved: unknown; yours: unknown }[];
};

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const product = await findAdminProductOr404(ctx, params.id);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const limit = await checkRateLimit(ctx, [["writes", `user:${admin.id}`]]);
  if (!limit.allowed) {
    return data<ActionReply>(
      { intent: "save", message: tooManyAttemptsMessage(limit.retryAfterSeconds) },
      { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }
  const self = `/admin/products/${product.id}`;

  if (intent === "stock") {
    const parsed = StockAdjustSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return data<ActionReply>(
        { intent: "stock", message: parsed.error.issues[0]?.message ?? "Enter a whole number" },
        { status: 400 },
      );
    }
    if (!(await adjustStock(ctx, admin.id, product.id, parsed.data.change))) {
      return data<ActionReply>({ intent: "stock", message: "Stock can't go below zero." }, { status: 409 });
    }
    return redirect(`${self}?done=stock`, 303);
  }

  if (intent === "status") {
    const parsed = StatusChangeSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data<ActionReply>({ intent: "status", message: "Unknown status." }, { status: 400 });
    const saved = await saveProduct(
      ctx,
      admin.id,
      product.id,
      parsed.data.version,
      { status: parsed.data.status },
      parsed.data.status,
    );
    if (!saved.ok) {
      return data<ActionReply>(
        {
          intent: "status",
          message: "This product changed since you opened it. Look at the current version below and try again.",
        },
        { status: 409 },
      );
    }
    return redirect(`${self}?done=${parsed.data.status}`, 303);
  }

  const submission = parseWithZod(formData, { schema: ProductFormSchema });
  if (submission.status !== "success")
    return data<ActionReply>({ intent: "save", result: submission.reply() }, { status: 400 });
  const saved = await saveProduct(
    ctx,
    admin.id,
    product.id,
    submission.value.version ?? -1,
    editableFromForm(submission.value),
  );
  if (saved.ok) return redirect(`${self}?done=saved`, 303);
  if (saved.reason === "not-found") throw data({ message: "No product with that id." }, { status: 404 });
  if (saved.reason === "invalid") {
    return data<ActionReply>(
      { intent: "save", result: submission.reply({ fieldErrors: { [saved.field]: [saved.message] } }) },
      { status: 409 },
    );
  }
  // Nothing is lost: the editor's values come back in the form, beside what is saved now wherever
  // the two differ.
  const mine = editableFromForm(submission.value);
  const differences = (Object.keys(mine) as (keyof typeof mine)[])
    .filter((field) => JSON.stringify(mine[field]) !== JSON.stringify(saved.current[field]))
    .map((field) => ({ field, saved: saved.current[field], yours: mine[field] }));
  return data<ActionReply>(
    {
      intent: "save",
      conflict: saved.current,
      differences,
      result: submission.reply({
        formErrors: [
          "Someone changed this product since you opened it, so your changes were not saved. Your version is in the form; theirs is listed below. Save again to keep yours.",
        ],
      }),
    },
    { status: 409 },
  );
}

const DONE: Record<string, string> = {
  created: "Product added.",
  saved: "Saved. The shop shows the change now.",
  stock: "Stock updated.",
  active: "Published: it's in the shop now.",
  draft: "Unpublished: it's hidden from the shop.",
  archived: "Archived.",
};
const FIELD_LABELS: Record<string, string> = {
  slug: "Web address",
  name: "Name",
  categoryId: "Category",
  pricePence: "Price",
  summary: "Summary",
  description: "Description",
  ingredients: "Ingredients",
  allergens: "Allergens",
  dietaryTags: "Dietary",
  weightGrams: "Weight",
  sizeLabel: "Size",
  featured: "Featured",
  status: "Status",
  stock: "Stock",
};
const show = (field: string, value: unknown) =>
  field === "pricePence" && typeof value === "number"
    ? formatMoney(value)
    : Array.isArray(value)
      ? value.join(", ") || "none"
      : String(value ?? "—");
const when = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" });

function formDefaults(product: AdminProduct) {
  return {
    ...product,
    categoryId: String(product.categoryId),
    price: minorUnitsToDecimalString(product.pricePence),
    weightGrams: product.weightGrams ? String(product.weightGrams) : "",
    sizeLabel: product.sizeLabel ?? "",
    featured: product.featured ? "on" : undefined,
  };
}

export default function EditProduct({ loaderData, actionData }: Route.ComponentProps) {
  const { product, categories, audit } = loaderData;
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const done = DONE[searchParams.get("done") ?? ""];
  const reply = actionData as ActionReply | undefined;
  const conflict = reply?.conflict;
  const [form, fields] = useForm({
    id: `product-${product.id}-${product.version}`,
    lastResult: reply?.intent === "save" ? reply.result : undefined,
    defaultValue: formDefaults(product),
    constraint: getZodConstraint(ProductFormSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProductFormSchema }),
  });
  return (
    <section aria-labelledby="product-heading" className="max-w-3xl space-y-8">
      <div>
        <BackLink to="/admin/products">All products</BackLink>
        <h1 id="product-heading" className="mt-2 font-serif text-3xl font-bold text-crust-900">
          {product.name}
        </h1>
        <p className="text-stone-700">
          {product.status === "active" ? (
            <Link
              to={`/products/${product.slug}`}
              className="underline"
            >{`In the shop at /products/${product.slug}`}</Link>
          ) : (
            `Not in the shop (${product.status})`
          )}
          {` · ${product.stock} in stock · version ${product.version}`}
        </p>
        <p className="mt-2">
          <Link to={`/admin/products/${product.id}/images`} className="font-semibold text-crust-700 underline">
            Images
          </Link>
        </p>
      </div>
      {done ? (
        <p role="status" className="rounded-lg bg-green-50 p-3 text-green-900">
          {done}
        </p>
      ) : null}
      {reply?.message ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 font-semibold text-red-800">
          {reply.message}
        </p>
      ) : null}

      <div className="flex flex-wrap gap-3">
        {(["active", "draft", "archived"] as const)
          .filter((status) => status !== product.status)
          .map((status) => (
            <Form method="post" key={status}>
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="status" value={status} />
              <input type="hidden" name="version" value={product.version} />
              <button type="submit" className="rounded-full border border-crust-700 px-4 py-1.5 font-semibold">
                {status === "active" ? "Publish" : status === "draft" ? "Unpublish" : "Archive"}
              </button>
            </Form>
          ))}
      </div>

      <Form method="post" className="flex flex-wrap items-end gap-3 rounded-2xl border border-crust-200 bg-white p-4">
        <input type="hidden" name="intent" value="stock" />
        <label className="font-medium">
          Add to stock <span className="font-normal text-stone-700">(negative to take away)</span>
          <input
            type="number"
            name="change"
            required
            className="mt-1 block w-32 rounded-lg border border-stone-300 px-3 py-1.5"
          />
        </label>
        <button type="submit" className="rounded-full bg-crust-700 px-4 py-2 font-semibold text-white">
          Update stock
        </button>
      </Form>

      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <h2 className="font-serif text-xl font-bold">Details</h2>
        <FormErrors id={form.errorId} errors={form.errors} />
        {conflict ? (
          <section aria-label="Their changes" className="rounded-lg border border-amber-300 bg-amber-50 p-3">
            <p className="font-semibold">{`Saved now (version ${conflict.version}), where it differs from yours:`}</p>
            <ul className="mt-1 list-disc pl-5">
              {(reply?.differences ?? []).map((d) => (
                <li
                  key={d.field}
                >{`${FIELD_LABELS[d.field] ?? d.field}: ${show(d.field, d.saved)} (yours: ${show(d.field, d.yours)})`}</li>
              ))}
            </ul>
          </section>
        ) : null}
        <input type="hidden" name="intent" value="save" />
        <input
          type="hidden"
          name="version"
          value={conflict?.version ?? product.version}
          key={conflict?.version ?? product.version}
        />
        <ProductFields fields={fields} categories={categories} />
        <SubmitButton pending={navigation.state === "submitting"}>Save changes</SubmitButton>
      </Form>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="font-serif text-xl font-bold">
          History
        </h2>
        {audit.length === 0 ? <p className="text-stone-700">No changes recorded.</p> : null}
        <ol className="mt-2 space-y-2 text-sm">
          {audit.map((entry) => (
            <li key={`${entry.createdAt}-${entry.action}`}>
              <p className="font-semibold">{`${when(entry.createdAt)} — ${entry.action} by ${entry.actor ?? "someone"}`}</p>
              <ul className="pl-4">
                {entry.changes.map((change) => (
                  <li key={change.field}>
                    {`${FIELD_LABELS[change.field] ?? change.field}: ${entry.action === "create" ? "" : `${show(change.field, change.before)} → `}${show(change.field, change.after)}`}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}
