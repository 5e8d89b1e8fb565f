import { Form, Link } from "react-router";
import { NOTICE_CHOICES } from "../../lib/constants";
import { formatMoney } from "../../lib/money";
import type { AdminProduct, AuditEntry, ProductDifference } from "../../modules/admin/catalog-admin.server";
import { Button } from "../forms/button";

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
  maxPerOrder: "Most per order",
  orderDeadlineMinutes: "Orders close",
  sellFrom: "On sale from",
  sellUntil: "On sale until",
  shelfLifeDays: "Best before (days)",
  vatCategory: "VAT",
  featured: "Featured",
  status: "Status",
};
const labelOf = (field: string) => FIELD_LABELS[field] ?? field;
const show = (field: string, value: unknown) =>
  field === "pricePence" && typeof value === "number"
    ? formatMoney(value)
    : field === "orderDeadlineMinutes"
      ? (NOTICE_CHOICES.find((choice) => choice.minutes === value)?.label ?? `${String(value)} minutes before`)
      : Array.isArray(value)
        ? value.join(", ") || "none"
        : String(value ?? "—");
const when = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" });

/** Name, where it is in the shop and version, and the ways to its images and its bake plan. */
export function ProductHeader({ product }: { product: AdminProduct }) {
  return (
    <>
      <p className="text-stone-700">
        {product.status === "active" ? (
          <Link
            to={`/products/${product.slug}`}
            className="underline"
          >{`In the shop at /products/${product.slug}`}</Link>
        ) : (
          `Not in the shop (${product.status})`
        )}
        {` · version ${product.version}`}
      </p>
      <p className="mt-2">
        <Link to={`/admin/products/${product.id}/images`} className="font-semibold text-crust-700 underline">
          Images
        </Link>
        {" · "}
        <Link to={`/admin/products/${product.id}/options`} className="font-semibold text-crust-700 underline">
          Options
        </Link>
        {" · "}
        <Link to="/admin/production" className="font-semibold text-crust-700 underline">
          How many are baked each day
        </Link>
      </p>
    </>
  );
}

const STATUS_BUTTONS = { active: "Publish", draft: "Unpublish", archived: "Archive" } as const;

/** Publish, unpublish or archive in one click: the statuses the product is not in now. */
export function StatusButtons({ product }: { product: AdminProduct }) {
  return (
    <Form method="post" className="flex flex-wrap gap-3">
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="version" value={product.version} />
      {(["active", "draft", "archived"] as const)
        .filter((status) => status !== product.status)
        .map((status) => (
          <Button key={status} variant="secondary" size="md" name="status" value={status}>
            {STATUS_BUTTONS[status]}
          </Button>
        ))}
    </Form>
  );
}

/** After a refused save: what is saved now, field by field, where it differs from the editor's. */
export function SavedDifferences({ version, differences }: { version: number; differences: ProductDifference[] }) {
  return (
    <section aria-label="Their changes" className="rounded-lg border border-amber-300 bg-amber-50 p-3">
      <p className="font-semibold">{`Saved now (version ${version}), where it differs from yours:`}</p>
      <ul className="mt-1 list-disc pl-5">
        {differences.map((d) => (
          <li key={d.field}>{`${labelOf(d.field)}: ${show(d.field, d.saved)} (yours: ${show(d.field, d.yours)})`}</li>
        ))}
      </ul>
    </section>
  );
}

/** Every change to the product, newest first, field by field. */
export function ProductHistory({ audit }: { audit: AuditEntry[] }) {
  return (
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
                  {`${labelOf(change.field)}: ${entry.action === "create" ? "" : `${show(change.field, change.before)} → `}${show(change.field, change.after)}`}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
