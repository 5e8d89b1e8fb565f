import { Link } from "react-router";
import { useBakeryDetails } from "../components/bakery-address";
import { PrintButton } from "../components/print-button";
import { longDay } from "../lib/shop-dates";
import { requireRole, STAFF_ROLES } from "../modules/auth/guards.server";
import { shopLocalDateTime } from "../modules/checkout/slots";
import { getRequestContext } from "../modules/platform/request-context.server";
import { loadLabels } from "../modules/production/bake-list.server";
import { BakeDayQuery } from "../modules/production/plan-forms";
import type { Route } from "./+types/admin.bake-list.labels";

export const meta: Route.MetaFunction = () => [{ title: "Label sheet" }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, STAFF_ROLES);
  const today = shopLocalDateTime(ctx.now()).slice(0, 10);
  const date = BakeDayQuery.parse(Object.fromEntries(new URL(request.url).searchParams)).date ?? today;
  return { date, labels: await loadLabels(ctx, date) };
}

const labelDate = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const atNoon = (date: string) => new Date(`${date}T12:00:00Z`);

/**
 * Labels for the day's paid items, two across on A4 (99 × 67 mm, the common 8-per-sheet size),
 * each with what UK law asks of food pre-packed for direct sale.
 */
export default function LabelSheet({ loaderData }: Route.ComponentProps) {
  const { date, labels } = loaderData;
  // A prepacked-for-direct-sale label names the business and its address (Natasha's Law).
  const bakery = useBakeryDetails();
  return (
    <article aria-labelledby="labels-heading">
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4 print:hidden">
        <div>
          <h1 id="labels-heading" className="font-serif text-3xl font-bold text-crust-900">
            {`Labels: ${longDay(date)}`}
          </h1>
          <p className="mt-1 text-sm text-stone-700">
            {`${labels.length} labels, one per item in the day's paid orders. Print on A4 label sheets of 8 (99 × 67 mm).`}
          </p>
        </div>
        <div className="flex items-end gap-3">
          <Link className="font-semibold text-crust-700 underline" to={`/admin/bake-list?date=${date}`}>
            ← Bake list
          </Link>
          <PrintButton label="Print labels" />
        </div>
      </div>
      {labels.length === 0 ? <p>No paid orders for this day, so no labels.</p> : null}
      <ul aria-label="Labels" className="grid grid-cols-[repeat(2,99mm)] gap-x-[3mm] print:gap-y-0">
        {labels.map((label) => (
          <li
            key={label.key}
            className="flex h-[67mm] break-inside-avoid flex-col overflow-hidden border border-dashed border-stone-300 p-[3mm] text-[7.5pt] leading-tight print:border-transparent"
          >
            <p className="font-serif text-[11pt] font-bold">{label.name}</p>
            {label.message ? <p className="font-semibold">{`Message: “${label.message}”`}</p> : null}
            <p className="mt-[1mm]">
              <span className="font-semibold">Ingredients: </span>
              {label.ingredients.map((part, index) =>
                part.allergen ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: parts of one text, in order, never reordered.
                  <strong key={index} className="font-extrabold uppercase">
                    {part.text}
                  </strong>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: as above.
                  <span key={index}>{part.text}</span>
                ),
              )}
            </p>
            {label.alsoContains.length > 0 ? (
              <p className="mt-[1mm]">
                <span className="font-semibold">Contains: </span>
                <strong className="font-extrabold uppercase">{label.alsoContains.join(", ")}</strong>
              </p>
            ) : null}
            <p className="mt-[1mm]">
              For allergens, see ingredients in <strong>bold</strong>. Made in a kitchen that handles all 14 allergens.
            </p>
            <p className="mt-auto flex justify-between gap-2">
              <span>{label.weightGrams ? `${label.weightGrams} g` : ""}</span>
              <span className="font-semibold">{`Best before ${labelDate.format(atNoon(label.bestBefore))}`}</span>
            </p>
            <p>{bakery ? `${bakery.name}, ${bakery.oneLine}` : null}</p>
            <p className="text-stone-600">{`${label.number} · ${label.customer}`}</p>
          </li>
        ))}
      </ul>
    </article>
  );
}
