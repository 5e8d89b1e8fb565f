import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useNavigation } from "react-router";
import { SubmitButton } from "../components/account-page";
import { ProductFields } from "../components/admin/product-fields";
import { BackLink } from "../components/back-link";
import { FormErrors, FormField } from "../components/form-field";
import { categoryChoices, createProduct, editableFromForm } from "../modules/admin/catalog-admin.server";
import { ProductFormSchema } from "../modules/admin/product-forms";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit, tooManyAttempts } from "../modules/rate-limit/rate-limit.server";
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
  const submission = parseWithZod(await readForm(request), { schema: ProductFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const limit = await checkRateLimit(ctx, [["writes", `user:${admin.id}`]]);
  if (!limit.allowed) return tooManyAttempts(submission, limit.retryAfterSeconds, []);
  const created = await createProduct(ctx, admin.id, editableFromForm(submission.value), submission.value.stock ?? 0);
  if (!created.ok) {
    return data({ result: submission.reply({ fieldErrors: { [created.field]: [created.message] } }) }, { status: 409 });
  }
  return redirect(`/admin/products/${created.id}?done=created`, 303);
}

export default function NewProduct({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(ProductFormSchema),
    defaultValue: { status: "draft", stock: "0" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProductFormSchema }),
  });
  return (
    <section aria-labelledby="new-product-heading" className="max-w-2xl">
      <BackLink to="/admin/products">All products</BackLink>
      <h1 id="new-product-heading" className="mt-2 font-serif text-3xl font-bold text-crust-900">
        Add a product
      </h1>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <ProductFields fields={fields} categories={loaderData.categories} />
        <FormField
          label="Stock to sell"
          errors={fields.stock.errors}
          errorId={fields.stock.errorId}
          inputProps={getInputProps(fields.stock, { type: "number" })}
        />
        <SubmitButton pending={navigation.state === "submitting"}>Add product</SubmitButton>
      </Form>
    </section>
  );
}
