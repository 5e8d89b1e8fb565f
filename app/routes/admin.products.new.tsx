import { ProductFields } from "../components/admin/product-fields";
import { BackLink } from "../components/back-link";
import { Button } from "../components/forms/button";
import { InputField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { categoryChoices, createProduct, editableFromForm } from "../modules/admin/catalog-admin.server";
import { ProductFormSchema } from "../modules/admin/product-forms";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.products.new";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  return { categories: await categoryChoices(ctx) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const form = await readSubmission(request, ProductFormSchema);
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  const limit = await checkRateLimit(ctx, [["writes", `user:${admin.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  const created = await createProduct(
    ctx,
    admin.id,
    editableFromForm(submission.value),
    submission.value.bakedEachOpenDay ?? 0,
  );
  if (!created.ok) return form.fieldError(created.field, created.message, 409);
  return redirectWithNotice(ctx, `/admin/products/${created.id}`, "Product added.");
}

export default function NewProduct({ loaderData, actionData }: Route.ComponentProps) {
  const [form, fields] = useSchemaForm(ProductFormSchema, {
    answer: actionData,
    defaultValue: {
      status: "draft",
      bakedEachOpenDay: "0",
      maxPerOrder: "12",
      noticeMinutes: "360",
      shelfLifeDays: "2",
      vatCategory: "zero",
    },
  });
  return (
    <section aria-labelledby="new-product-heading" className="max-w-2xl">
      <BackLink to="/admin/products">All products</BackLink>
      <h1 id="new-product-heading" className="mt-2 font-serif text-3xl font-bold text-crust-900">
        Add a product
      </h1>
      <SchemaForm form={form} className="mt-6 space-y-4">
        <ProductFields fields={fields} categories={loaderData.categories} />
        <InputField
          field={fields.bakedEachOpenDay}
          label="Baked each open day"
          hint="(change it day by day in the production plan)"
          type="number"
        />
        <Button>Add product</Button>
      </SchemaForm>
    </section>
  );
}
