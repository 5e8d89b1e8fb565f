import { getInputProps } from "@conform-to/react";
import { data, Link } from "react-router";
import { Button } from "../components/forms/button";
import { TextareaField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { readIntentSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { isShopPageSlug, SHOP_PAGE_MAX_LENGTH, type ShopPageSlug } from "../modules/pages/page-defaults";
import { RestoreDefaultSchema, ShopPageFormSchema } from "../modules/pages/page-forms";
import {
  type PageSaveResult,
  readShopPage,
  restoreDefaultShopPage,
  saveShopPage,
} from "../modules/pages/shop-pages.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.pages.$slug";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

function pageSlug(params: { slug: string }): ShopPageSlug {
  if (!isShopPageSlug(params.slug)) throw data({ message: "There is no page by that name." }, { status: 404 });
  return params.slug;
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  // From D1, not the cache: the form starts from what is saved now.
  const { slug, title, body, customised, version } = await readShopPage(ctx, pageSlug(params));
  return { slug, title, body, customised, version };
}

const SCHEMAS = { save: ShopPageFormSchema, restore: RestoreDefaultSchema };

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const slug = pageSlug(params);
  // A long page is a big form: the limit leaves room for the Markdown and its encoding.
  const form = await readIntentSubmission(request, SCHEMAS, {
    maxBytes: SHOP_PAGE_MAX_LENGTH * 4,
    formId: (formData) => (formData.get("intent") === "restore" ? "restore" : "page"),
  });
  const limit = await checkRateLimit(ctx, [["writes", `user:${admin.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  if (form.submission.status !== "success") return form.reply();
  let result: PageSaveResult;
  if (form.intent === "save") {
    const { body, version } = form.submission.value as typeof ShopPageFormSchema._output;
    result = await saveShopPage(ctx, admin.id, slug, version, body);
  } else {
    const { version } = form.submission.value as typeof RestoreDefaultSchema._output;
    result = await restoreDefaultShopPage(ctx, admin.id, slug, version);
  }
  if (!result.ok) {
    return form.reply({
      status: 409,
      formErrors: [
        "Someone else changed this page while you were editing. The form now shows their text: make your changes again.",
      ],
      values: { body: result.current.body, version: String(result.current.version) },
    });
  }
  return redirectWithNotice(
    ctx,
    `/admin/pages/${slug}`,
    form.intent === "save" ? "Page saved. The shop shows it now." : "The default text is back.",
  );
}

export default function EditShopPage({ loaderData, actionData }: Route.ComponentProps) {
  const { slug, title, body, customised, version } = loaderData;
  const [form, fields] = useSchemaForm(ShopPageFormSchema, {
    id: "page",
    answer: actionData,
    defaultValue: { body, version: String(version) },
  });
  const [restore] = useSchemaForm(RestoreDefaultSchema, { id: "restore", answer: actionData });
  const { key: versionKey, ...versionProps } = getInputProps(fields.version, { type: "hidden" });
  return (
    <section aria-labelledby="page-heading" className="max-w-3xl space-y-6">
      <div>
        <Link to="/admin/pages" className="text-sm font-semibold text-crust-700 underline">
          All pages
        </Link>
        <h1 id="page-heading" className="mt-2 font-serif text-3xl font-bold text-crust-900">
          {`Edit ${title}`}
        </h1>
        <p className="mt-1 text-stone-700">
          {customised ? "Your text." : "The default text: it shows until you save your own."}{" "}
          <Link to={`/${slug}`} className="font-semibold text-crust-700 underline">
            {`View ${title}`}
          </Link>
        </p>
      </div>
      <SchemaForm form={form} aria-label={`Edit ${title}`} className="space-y-4">
        <input key={versionKey} {...versionProps} />
        <TextareaField
          field={fields.body}
          label="Text"
          hint={`(Markdown: ## for a heading, - for a list, **bold**, [words](link); up to ${SHOP_PAGE_MAX_LENGTH.toLocaleString("en-GB")} characters)`}
          rows={24}
          className="font-mono text-sm"
        />
        <Button size="md" name="intent" value="save">
          Save page
        </Button>
      </SchemaForm>
      {customised ? (
        <SchemaForm form={restore} aria-label="Restore the default text" className="border-t border-crust-200 pt-4">
          <input type="hidden" name="version" value={version} />
          <Button variant="secondary" size="md" name="intent" value="restore">
            Restore the default text
          </Button>
        </SchemaForm>
      ) : null}
    </section>
  );
}
