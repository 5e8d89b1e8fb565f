import { getInputProps } from "@conform-to/react";
import { Link, type ShouldRevalidateFunction } from "react-router";
import { Button } from "../components/forms/button";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { longDay, shortDay, WEEKDAY_NAMES } from "../lib/shop-dates";
import { requireRole, STAFF_ROLES } from "../modules/auth/guards.server";
import { shopLocalDateTime } from "../modules/checkout/slots";
import { readIntentSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { addDays } from "../modules/production/availability";
import {
  type GridSave,
  gridDayCells,
  gridWeekCells,
  loadProductionGrid,
  type ProductionGrid,
  saveGridDays,
  saveGridWeek,
} from "../modules/production/grid.server";
import {
  GRID_FORM_MAX_BYTES,
  GridWindow,
  MOST_PLANNED_A_DAY,
  PlanDaysSchema,
  PlanWeekSchema,
  WEEK_ORDER,
} from "../modules/production/plan-forms";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.production";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

/**
 * After a save that was partly refused (a 409), the grid is loaded again all the same: the answer
 * shows what is stored now, and the page must know it too (React Router skips reloading after a
 * 4xx by default).
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === "POST" || defaultShouldRevalidate;

/** The fortnight asked for (`?from=`), or the one starting today in shop time. */
function gridStart(request: Request, today: string) {
  const asked = GridWindow.parse(Object.fromEntries(new URL(request.url).searchParams)).from;
  return asked ?? today;
}

const shopToday = (now: Date) => shopLocalDateTime(now).slice(0, 10);

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, STAFF_ROLES);
  const today = shopToday(ctx.now());
  const grid = await loadProductionGrid(ctx, gridStart(request, today));
  return { grid, today, days: gridDayCells(grid), week: gridWeekCells(grid) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const staff = await requireRole(ctx, request, STAFF_ROLES);
  const form = await readIntentSubmission(
    request,
    { days: PlanDaysSchema, week: PlanWeekSchema },
    {
      formId: (formData) => (formData.get("intent") === "week" ? "plan-week" : "plan-days"),
      // Every open cell posts three fields (~95 bytes): a fortnight of 70 products passes the
      // 64 KB other forms allow. The schema caps the cells at 2 000 (~190 KB).
      maxBytes: GRID_FORM_MAX_BYTES,
    },
  );
  const limit = await checkRateLimit(ctx, [["writes", `user:${staff.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  if (form.submission.status !== "success") return form.reply();
  const today = shopToday(ctx.now());
  const from = gridStart(request, today);
  const here = `/admin/production?from=${from}`;

  const save: GridSave =
    form.intent === "days"
      ? await saveGridDays(ctx, staff.id, today, form.submission.value.cells)
      : await saveGridWeek(ctx, staff.id, today, form.submission.value);
  if (save.refused.size === 0) {
    const notice =
      save.saved === 0 ? "Nothing had changed." : `Plan saved: ${save.saved} change${save.saved === 1 ? "" : "s"}.`;
    return redirectWithNotice(ctx, here, notice);
  }
  // Some cells were refused: the others are saved. The form comes back showing what is stored
  // now (so no cell silently keeps a stale number) except the refused cells, which keep what was
  // typed, with the reason beside them.
  const grid = await loadProductionGrid(ctx, from);
  const fresh = form.intent === "days" ? { cells: gridDayCells(grid) } : gridWeekCells(grid);
  const posted = form.submission.payload as Record<string, Record<string, string>[] | undefined>;
  const fieldErrors: Record<string, string[]> = {};
  const values: Record<string, Record<string, string>[]> = {};
  // Refused cells of rows the grid no longer has (a cake's sizes planned together meanwhile).
  const gone = new Set<string>();
  for (const [list, entries] of Object.entries(fresh) as [string, Record<string, string>[]][]) {
    const field = list === "groups" ? "capacity" : "quantity";
    const offset = list === "groups" ? (posted.products?.length ?? 0) : 0;
    const shown = entries.map((entry) => ({ ...entry }));
    (posted[list] ?? []).forEach((typed, index) => {
      const message = save.refused.get(offset + index);
      const at = shown.findIndex((entry) => entry.cell === typed.cell);
      const entry = shown[at];
      if (!message) return;
      if (!entry) {
        gone.add(message);
        return;
      }
      entry[field] = typed[field] ?? "";
      fieldErrors[`${list}[${at}].${field}`] = [message];
    });
    values[list] = shown;
  }
  const saved = save.saved > 0 ? ` ${save.saved} other change${save.saved === 1 ? " was" : "s were"} saved.` : "";
  return form.reply({
    status: 409,
    formErrors: [`Some cells were not saved; each says why.${saved}`, ...gone],
    fieldErrors,
    values,
  });
}

export const meta: Route.MetaFunction = () => [{ title: "Production plan" }];

/** A row's product, and under it the size when its sizes are planned apart. */
function RowName({ product }: { product: { productName: string; variantLabel: string | null } }) {
  return (
    <>
      {product.productName}
      {product.variantLabel ? <span className="block font-normal text-crust-800">{product.variantLabel}</span> : null}
    </>
  );
}

/** Changes whenever a number on the grid does, so the forms start again from what is stored. */
function gridStamp(grid: ProductionGrid) {
  const numbers = [
    ...grid.products.flatMap((product) => [...product.weekdays, ...product.cells.map((cell) => cell.planned)]),
    ...grid.groups.flatMap((group) => group.weekdays.map((value) => value ?? -1)),
  ];
  let hash = 0;
  for (const number of numbers) hash = (hash * 31 + number + 1) | 0;
  return `${grid.from}:${hash}`;
}

const answerStamp = (answer: Route.ComponentProps["actionData"]) =>
  answer ? `${answer.formId}:${Object.keys(answer.result.error ?? {}).join(",")}` : "none";

const cellInputClass =
  "w-16 rounded border border-crust-300 px-1.5 py-1 text-right tabular-nums aria-[invalid=true]:border-red-700 aria-[invalid=true]:bg-red-50";

export default function AdminProduction({ loaderData, actionData }: Route.ComponentProps) {
  const { grid, today } = loaderData;
  const stamp = gridStamp(grid);
  return (
    <section aria-labelledby="production-heading" className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 id="production-heading" className="font-serif text-3xl font-bold text-crust-900">
            Production plan
          </h1>
          <p className="mt-1 max-w-prose text-sm text-stone-700">
            How many of each product are baked each day. A day without its own number follows its weekday's default
            (below). Underneath each number: how many are ordered, and how many are left to sell.
          </p>
        </div>
        <nav aria-label="Fortnight" className="flex gap-2 text-sm font-semibold">
          <Link
            className="rounded-full px-3 py-1.5 text-crust-800 hover:bg-crust-100"
            to={`?from=${addDays(grid.from, -7)}`}
          >
            ← Week before
          </Link>
          {grid.from !== today ? (
            <Link className="rounded-full px-3 py-1.5 text-crust-800 hover:bg-crust-100" to="?">
              From today
            </Link>
          ) : null}
          <Link
            className="rounded-full px-3 py-1.5 text-crust-800 hover:bg-crust-100"
            to={`?from=${addDays(grid.from, 7)}`}
          >
            Week after →
          </Link>
        </nav>
      </div>
      {/* A form starts again from the page's data whenever a number changes or an answer arrives. */}
      <DaysForm key={`days:${stamp}:${answerStamp(actionData)}`} loaderData={loaderData} answer={actionData} />
      <WeekForm key={`week:${stamp}:${answerStamp(actionData)}`} loaderData={loaderData} answer={actionData} />
    </section>
  );
}

type GridFormProps = {
  loaderData: Route.ComponentProps["loaderData"];
  answer: Route.ComponentProps["actionData"];
};

function DaysForm({ loaderData, answer }: GridFormProps) {
  const { grid } = loaderData;
  const [form, fields] = useSchemaForm(PlanDaysSchema, {
    answer,
    id: "plan-days",
    defaultValue: { cells: loaderData.days },
  });
  const cells = fields.cells.getFieldList();
  const openDays = grid.days.filter((day) => day.open);
  let position = 0;
  return (
    <SchemaForm form={form} aria-labelledby="days-heading" className="space-y-3">
      <input type="hidden" name="intent" value="days" />
      <h2 id="days-heading" className="font-serif text-xl font-bold">
        {`${longDay(grid.from)} to ${longDay(grid.to)}`}
      </h2>
      <div className="overflow-x-auto rounded-2xl border border-crust-200 bg-white">
        <table className="border-collapse text-sm">
          <thead>
            <tr className="border-b border-crust-200 bg-crust-50">
              <th scope="col" className="sticky left-0 bg-crust-50 px-3 py-2 text-left">
                Product
              </th>
              {grid.days.map((day) => (
                <th key={day.date} scope="col" className={`px-2 py-2 text-center ${day.open ? "" : "text-stone-500"}`}>
                  {shortDay(day.date)}
                  {day.closure ? <span className="block text-xs font-normal">{day.closure}</span> : null}
                  {!day.open && !day.closure ? <span className="block text-xs font-normal">Closed</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.products.map((product) => (
              <tr key={product.key} className="border-b border-crust-100 align-top">
                <th scope="row" className="sticky left-0 bg-white px-3 py-2 text-left font-semibold">
                  <RowName product={product} />
                  {product.groups.length > 0 ? (
                    <span className="block text-xs font-normal text-stone-600">{product.groups.join(", ")}</span>
                  ) : null}
                </th>
                {product.cells.map((cell) => {
                  const day = grid.days.find((d) => d.date === cell.date);
                  if (!day?.open) {
                    return (
                      <td key={cell.date} className="bg-stone-50 px-2 py-2 text-center text-xs text-stone-500">
                        {cell.ordered > 0 ? `${cell.ordered} ordered` : "—"}
                      </td>
                    );
                  }
                  const index = position++;
                  const fieldset = cells[index]?.getFieldset();
                  if (!fieldset) return <td key={cell.date} />;
                  const label = `${product.name}, ${longDay(cell.date)}`;
                  const left = cell.planned - cell.ordered;
                  return (
                    <td key={cell.date} className="px-2 py-2 text-center">
                      <input {...getInputProps(fieldset.cell, { type: "hidden" })} key={fieldset.cell.key} />
                      <input {...getInputProps(fieldset.was, { type: "hidden" })} key={fieldset.was.key} />
                      <input
                        {...getInputProps(fieldset.quantity, { type: "number" })}
                        key={fieldset.quantity.key}
                        aria-label={label}
                        min={0}
                        max={MOST_PLANNED_A_DAY}
                        inputMode="numeric"
                        className={`${cellInputClass} ${cell.ownNumber ? "font-bold" : ""}`}
                      />
                      <span className="mt-1 block text-xs text-stone-600">
                        {cell.ordered > 0 ? `${cell.ordered} ordered · ` : ""}
                        <span className={left <= 0 && cell.planned > 0 ? "font-semibold text-red-800" : ""}>
                          {cell.planned === 0 ? "not baked" : `${Math.max(left, 0)} left`}
                        </span>
                        {cell.waiting > 0 ? (
                          <span className="block font-semibold text-crust-800">{`${cell.waiting} waiting`}</span>
                        ) : null}
                      </span>
                      {fieldset.quantity.errors ? (
                        // Announced by the form's error summary; this is the cell's own description.
                        <span
                          id={fieldset.quantity.errorId}
                          className="mt-1 block w-40 text-left text-xs font-semibold text-red-800"
                        >
                          {fieldset.quantity.errors.join(" ")}
                        </span>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
            {grid.groups.map((group) => (
              <tr key={`group-${group.id}`} className="border-b border-crust-100 bg-amber-50/60 align-top">
                <th scope="row" className="sticky left-0 bg-amber-50 px-3 py-2 text-left">
                  {group.name}
                  <span className="block text-xs font-normal text-stone-600">{`Shared by ${group.members.join(", ")}`}</span>
                </th>
                {group.cells.map((cell) => (
                  <td key={cell.date} className="px-2 py-2 text-center text-xs">
                    {cell.capacity === null
                      ? "no limit"
                      : `${cell.ordered} of ${cell.capacity} · ${Math.max(cell.left ?? 0, 0)} left`}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {openDays.length === 0 ? <p>The bakery is closed all fortnight.</p> : null}
      <Button size="md">Save plan</Button>
    </SchemaForm>
  );
}

function WeekForm({ loaderData, answer }: GridFormProps) {
  const { grid } = loaderData;
  const [form, fields] = useSchemaForm(PlanWeekSchema, {
    answer,
    id: "plan-week",
    defaultValue: loaderData.week,
  });
  const productCells = fields.products.getFieldList();
  const groupCells = fields.groups.getFieldList();
  return (
    <SchemaForm form={form} aria-labelledby="week-heading" className="space-y-3">
      <input type="hidden" name="intent" value="week" />
      <h2 id="week-heading" className="font-serif text-xl font-bold">
        Weekly defaults
      </h2>
      <p className="max-w-prose text-sm text-stone-700">
        How many are baked on each weekday, 0 for none. A change applies from today to every day that has no number of
        its own. A shared limit left empty means no limit that day.{" "}
        <Link to="/admin/production/groups" className="font-semibold text-crust-700 underline">
          Choose what shares a limit
        </Link>
        .
      </p>
      <div className="overflow-x-auto rounded-2xl border border-crust-200 bg-white">
        <table className="border-collapse text-sm">
          <thead>
            <tr className="border-b border-crust-200 bg-crust-50">
              <th scope="col" className="px-3 py-2 text-left">
                Product
              </th>
              {WEEK_ORDER.map((weekday) => (
                <th key={weekday} scope="col" className="px-2 py-2">
                  {WEEKDAY_NAMES[weekday]?.slice(0, 3)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.products.map((product, row) => (
              <tr key={product.key} className="border-b border-crust-100 align-top">
                <th scope="row" className="px-3 py-2 text-left font-semibold">
                  <RowName product={product} />
                </th>
                {WEEK_ORDER.map((weekday, column) => {
                  const fieldset = productCells[row * WEEK_ORDER.length + column]?.getFieldset();
                  if (!fieldset) return <td key={weekday} />;
                  return (
                    <td key={weekday} className="px-2 py-2 text-center">
                      <WeekCell
                        label={`${product.name}, ${WEEKDAY_NAMES[weekday]}s`}
                        cell={fieldset.cell}
                        was={fieldset.was}
                        value={fieldset.quantity}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
            {grid.groups.map((group, row) => (
              <tr key={`group-${group.id}`} className="border-b border-crust-100 bg-amber-50/60 align-top">
                <th scope="row" className="px-3 py-2 text-left">
                  {`${group.name} (shared limit)`}
                </th>
                {WEEK_ORDER.map((weekday, column) => {
                  const fieldset = groupCells[row * WEEK_ORDER.length + column]?.getFieldset();
                  if (!fieldset) return <td key={weekday} />;
                  return (
                    <td key={weekday} className="px-2 py-2 text-center">
                      <WeekCell
                        label={`${group.name} limit, ${WEEKDAY_NAMES[weekday]}s`}
                        cell={fieldset.cell}
                        was={fieldset.was}
                        value={fieldset.capacity}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Button size="md">Save weekly defaults</Button>
    </SchemaForm>
  );
}

// biome-ignore lint/suspicious/noExplicitAny: a Conform field of either weekly list.
type AnyField = any;

function WeekCell({ label, cell, was, value }: { label: string; cell: AnyField; was: AnyField; value: AnyField }) {
  return (
    <>
      <input {...getInputProps(cell, { type: "hidden" })} key={cell.key} />
      <input {...getInputProps(was, { type: "hidden" })} key={was.key} />
      <input
        {...getInputProps(value, { type: "number" })}
        key={value.key}
        aria-label={label}
        min={0}
        max={MOST_PLANNED_A_DAY}
        inputMode="numeric"
        className={cellInputClass}
      />
      {value.errors ? (
        <span id={value.errorId} className="mt-1 block w-40 text-left text-xs font-semibold text-red-800">
          {value.errors.join(" ")}
        </span>
      ) : null}
    </>
  );
}
