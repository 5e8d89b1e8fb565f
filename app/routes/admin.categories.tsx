import { data, Form, redirect, useSearchParams } from "react-router";
import { type CategoryValues, listCategoriesAdmin, saveCategory } from "../modules/admin/categories-admin.server";
import { CategoryFormSchema } from "../modules/admin/product-forms";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit, tooManyAttemptsMessage } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.categories";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  return { categories: await listCategoriesAdmin(ctx) };
}

type Reply = {
  formId: string;
  errors: Partial<Record<keyof CategoryValues | "form", string>>;
  values: Record<string, string>;
};

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const form = Object.fromEntries(await readForm(request)) as Record<string, string>;
  const id = /^\d+$/.test(form.id ?? "") ? Number(form.id) : null;
  const formId = id ? `category-${id}` : "new-category";
  const limit = await checkRateLimit(ctx, [["writes", `user:${admin.id}`]]);
  if (!limit.allowed) {
    return data<Reply>(
      { formId, errors: { form: tooManyAttemptsMessage(limit.retryAfterSeconds) }, values: form },
      { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }
  const parsed = CategoryFormSchema.safeParse({ ...form, slug: form.slug || undefined });
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
    return data<Reply>({ formId, errors, values: form }, { status: 400 });
  }
  const saved = await saveCategory(ctx, admin.id, id, parsed.data);
  if (!saved.ok)
    return data<Reply>({ formId, errors: { [saved.field ?? "form"]: saved.message }, values: form }, { status: 409 });
  return redirect(`/admin/categories?done=${id ? "saved" : "added"}`, 303);
}

const input = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-1.5";

function CategoryForm({
  id,
  values,
  errors,
  submit,
}: {
  id: string;
  values: { id?: number; name: string; slug: string; description: string; position: number | string };
  errors: Reply["errors"] | undefined;
  submit: string;
}) {
  const error = (field: keyof Reply["errors"]) =>
    errors?.[field] ? (
      <span id={`${id}-${field}-error`} className="mt-1 block text-sm font-semibold text-red-800">
        {errors[field]}
      </span>
    ) : null;
  const described = (field: keyof Reply["errors"]) => (errors?.[field] ? `${id}-${field}-error` : undefined);
  return (
    <Form
      method="post"
      aria-label={submit}
      className="grid gap-3 rounded-2xl border border-crust-200 bg-white p-4 sm:grid-cols-2"
    >
      {values.id ? <input type="hidden" name="id" value={values.id} /> : null}
      {errors?.form ? (
        <p role="alert" className="font-semibold text-red-800 sm:col-span-2">
          {errors.form}
        </p>
      ) : null}
      <label className="font-medium">
        Name
        <input name="name" defaultValue={values.name} required aria-describedby={described("name")} className={input} />
        {error("name")}
      </label>
      <label className="font-medium">
        Web address
        <input name="slug" defaultValue={values.slug} aria-describedby={described("slug")} className={input} />
        {error("slug")}
      </label>
      <label className="font-medium sm:col-span-2">
        Description
        <textarea name="description" defaultValue={values.description} rows={2} className={input} />
        {error("description")}
      </label>
      <label className="font-medium">
        Position in menus
        <input type="number" name="position" defaultValue={values.position} min={0} className={input} />
        {error("position")}
      </label>
      <div className="flex items-end">
        <button type="submit" className="rounded-full bg-crust-700 px-4 py-2 font-semibold text-white">
          {submit}
        </button>
      </div>
    </Form>
  );
}

export default function AdminCategories({ loaderData, actionData }: Route.ComponentProps) {
  const [searchParams] = useSearchParams();
  const done = { saved: "Category saved.", added: "Category added." }[searchParams.get("done") ?? ""];
  const replyFor = (formId: string) => (actionData?.formId === formId ? actionData : undefined);
  const withKept = (formId: string, values: Parameters<typeof CategoryForm>[0]["values"]) => {
    const reply = replyFor(formId);
    return reply ? { ...values, ...reply.values, position: reply.values.position ?? values.position } : values;
  };
  return (
    <section aria-labelledby="categories-heading" className="max-w-3xl space-y-6">
      <h1 id="categories-heading" className="font-serif text-3xl font-bold text-crust-900">
        Categories
      </h1>
      {done ? (
        <p role="status" className="rounded-lg bg-green-50 p-3 text-green-900">
          {done}
        </p>
      ) : null}
      {loaderData.categories.map((category) => (
        <div key={category.id}>
          <h2 className="font-semibold">{`${category.name} (${category.products} product${category.products === 1 ? "" : "s"})`}</h2>
          <CategoryForm
            id={`category-${category.id}`}
            values={withKept(`category-${category.id}`, category)}
            errors={replyFor(`category-${category.id}`)?.errors}
            submit={`Save ${category.name}`}
          />
        </div>
      ))}
      <h2 className="font-serif text-xl font-bold">Add a category</h2>
      <CategoryForm
        id="new-category"
        values={withKept("new-category", {
          name: "",
          slug: "",
          description: "",
          position: loaderData.categories.length,
        })}
        errors={replyFor("new-category")?.errors}
        submit="Add category"
      />
    </section>
  );
}
