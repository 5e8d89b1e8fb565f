import { data } from "react-router";
import { ProductHeader, ProductHistory, SavedDifferences, StatusButtons } from "../components/admin/product-editor";
import { ProductFields } from "../components/admin/product-fields";
import { BackLink } from "../components/back-link";
import { Button } from "../components/forms/button";
import { FormErrors } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import type { FormAnswer } from "../lib/form-answer";
import { minorUnitsToDecimalString } from "../lib/money";
import {
  type AdminProduct,
  categoryChoices,
  differencesFrom,
  editableFromForm,
  findAdminProductOr404,
  type ProductDifference,
  productAuditLog,
  saveProduct,
} from "../modules/admin/catalog-admin.server";
import { ProductFormSchema, StatusChangeSchema } from "../modules/admin/product-forms";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { readIntentSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.products.$id";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  const product = await findAdminProductOr404(ctx, params.id);
  const [categories, audit] = await Promise.all([categoryChoices(ctx), productAuditLog(ctx, product.id)]);
  return { product, categories, audit };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const product = await findAdminProductOr404(ctx, params.id);
  const form = await readIntentSubmission(
    request,
    { save: ProductFormSchema, status: StatusChangeSchema },
    { formId: (formData) => String(formData.get("intent")) },
  );
  const limit = await checkRateLimit(ctx, [["writes", `user:${admin.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  const self = `/admin/products/${product.id}`;

  if (form.intent === "status") {
    const { submission } = form;
    if (submission.status !== "success") return form.formError("Unknown status.");
    const { version, status } = submission.value;
    const saved = await saveProduct(ctx, admin.id, product.id, version, { status }, status);
    if (!saved.ok) {
      return form.formError(
        "This product changed since you opened it. Look at the current version below and try again.",
        409,
      );
    }
    return redirectWithNotice(ctx, self, STATUS_CHANGED[status]);
  }

  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  const mine = editableFromForm(submission.value);
  const saved = await saveProduct(ctx, admin.id, product.id, submission.value.version ?? -1, mine);
  if (saved.ok) return redirectWithNotice(ctx, self, "Saved. The shop shows the change now.");
  if (saved.reason === "not-found") throw data({ message: "No product with that id." }, { status: 404 });
  if (saved.reason === "invalid") return form.fieldError(saved.field, saved.message, 409);
  // Nothing is lost: the editor's values come back in the form, beside what is saved now wherever
  // the two differ.
  const refused = form.formError(
    "Someone changed this product since you opened it, so your changes were not saved. Your version is in the form; theirs is listed below. Save again to keep yours.",
    409,
  );
  return data(
    { ...refused.data, conflict: saved.current, differences: differencesFrom(mine, saved.current) },
    refused.init ?? undefined,
  );
}

const STATUS_CHANGED = {
  active: "Published: it's in the shop now.",
  draft: "Unpublished: it's hidden from the shop.",
  archived: "Archived.",
} as const;

function formDefaults(product: AdminProduct) {
  return {
    ...product,
    categoryId: String(product.categoryId),
    price: minorUnitsToDecimalString(product.pricePence),
    weightGrams: product.weightGrams ? String(product.weightGrams) : "",
    sizeLabel: product.sizeLabel ?? "",
    maxPerOrder: String(product.maxPerOrder),
    noticeMinutes: String(product.orderDeadlineMinutes),
    sellFrom: product.sellFrom ?? "",
    sellUntil: product.sellUntil ?? "",
    shelfLifeDays: String(product.shelfLifeDays),
    vatCategory: product.vatCategory,
    featured: product.featured ? "on" : undefined,
  };
}

export default function EditProduct({ loaderData, actionData }: Route.ComponentProps) {
  const { product, categories, audit } = loaderData;
  const [statusForm] = useSchemaForm(StatusChangeSchema, { answer: actionData, id: "status" });
  return (
    <section aria-labelledby="product-heading" className="max-w-3xl space-y-8">
      <div>
        <BackLink to="/admin/products">All products</BackLink>
        <h1 id="product-heading" className="mt-2 font-serif text-3xl font-bold text-crust-900">
          {product.name}
        </h1>
        <ProductHeader product={product} />
      </div>
      <FormErrors id={statusForm.errorId} errors={statusForm.errors} />
      <StatusButtons product={product} />
      {/* A new version (a save, or someone else's) starts the form again from what is saved. */}
      <ProductDetailsForm key={product.version} product={product} categories={categories} answer={actionData} />
      <ProductHistory audit={audit} />
    </section>
  );
}

function ProductDetailsForm({
  product,
  categories,
  answer,
}: {
  product: AdminProduct;
  categories: { id: number; name: string }[];
  answer: FormAnswer | undefined;
}) {
  // The 409 after a save someone else beat carries what is saved now (see the action).
  const refused = answer as (FormAnswer & { conflict?: AdminProduct; differences?: ProductDifference[] }) | undefined;
  const conflict = refused?.formId === "save" ? refused.conflict : undefined;
  const [form, fields] = useSchemaForm(ProductFormSchema, { answer, id: "save", defaultValue: formDefaults(product) });
  return (
    <SchemaForm form={form} className="space-y-4">
      <h2 className="font-serif text-xl font-bold">Details</h2>
      {conflict ? <SavedDifferences version={conflict.version} differences={refused?.differences ?? []} /> : null}
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="version" value={conflict?.version ?? product.version} />
      <ProductFields fields={fields} categories={categories} />
      <Button>Save changes</Button>
    </SchemaForm>
  );
}
