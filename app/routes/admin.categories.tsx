import { Button } from "../components/forms/button";
import { InputField, TextareaField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import type { FormAnswer } from "../lib/form-answer";
import { listCategoriesAdmin, saveCategory } from "../modules/admin/categories-admin.server";
import { CategoryFormSchema } from "../modules/admin/product-forms";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.categories";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  return { categories: await listCategoriesAdmin(ctx) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const form = await readSubmission(request, CategoryFormSchema, { formId: categoryFormId });
  const limit = await checkRateLimit(ctx, [["writes", `user:${admin.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  const { id = null, ...values } = submission.value;
  const saved = await saveCategory(ctx, admin.id, id, values);
  if (!saved.ok)
    return saved.field ? form.fieldError(saved.field, saved.message, 409) : form.formError(saved.message, 409);
  return redirectWithNotice(ctx, "/admin/categories", id ? "Category saved." : "Category added.");
}

/** Each category's form by its id; the empty one adds a category. */
function categoryFormId(formData: FormData) {
  const id = String(formData.get("id") ?? "");
  return /^\d+$/.test(id) ? `category-${id}` : "new-category";
}

type CategoryDefaults = { id?: number; name: string; slug: string; description: string; position: number };

/** One category's form (or the new one's): its answers land on it alone, by its id. */
function CategoryForm({
  id,
  values,
  answer,
  submit,
}: {
  id: string;
  values: CategoryDefaults;
  answer: FormAnswer | undefined;
  submit: string;
}) {
  const [form, fields] = useSchemaForm(CategoryFormSchema, {
    answer,
    id,
    defaultValue: { ...values, id: values.id ? String(values.id) : undefined, position: String(values.position) },
  });
  return (
    <SchemaForm
      form={form}
      aria-label={submit}
      className="grid gap-3 rounded-2xl border border-crust-200 bg-white p-4 sm:grid-cols-2"
    >
      {values.id ? <input type="hidden" name="id" value={values.id} /> : null}
      <InputField field={fields.name} label="Name" />
      <InputField field={fields.slug} label="Web address" />
      <div className="sm:col-span-2">
        <TextareaField field={fields.description} label="Description" rows={2} />
      </div>
      <InputField field={fields.position} label="Position in menus" type="number" />
      <div className="flex items-end">
        <Button size="md">{submit}</Button>
      </div>
    </SchemaForm>
  );
}

export default function AdminCategories({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <section aria-labelledby="categories-heading" className="max-w-3xl space-y-6">
      <h1 id="categories-heading" className="font-serif text-3xl font-bold text-crust-900">
        Categories
      </h1>
      {loaderData.categories.map((category) => (
        <div key={category.id}>
          <h2 className="font-semibold">{`${category.name} (${category.products} product${category.products === 1 ? "" : "s"})`}</h2>
          <CategoryForm
            id={`category-${category.id}`}
            values={category}
            answer={actionData}
            submit={`Save ${category.name}`}
          />
        </div>
      ))}
      <h2 className="font-serif text-xl font-bold">Add a category</h2>
      <CategoryForm
        id="new-category"
        values={{ name: "", slug: "", description: "", position: loaderData.categories.length }}
        answer={actionData}
        submit="Add category"
      />
    </section>
  );
}
