import { asc, eq } from "drizzle-orm";
import { products } from "../../../database/schema";
import { longDay } from "../../lib/shop-dates";
import { waitingDemand } from "../notify/notify-me.server";
import type { RequestContext } from "../platform/request-context.server";
import {
  addDays,
  groupLeft,
  type PlanQuantities,
  planKey,
  plannedQuantity,
  salesKey,
  variantSalesKey,
  weekdayOf,
} from "./availability";
import { loadPlan } from "./plan.server";
import { applyPlanEdits, type PlanEdit, type PlanEditOutcome } from "./plan-edits.server";
import { DAY_CELL, type PlanDaysForm, type PlanWeekForm, WEEK_ORDER, WEEKDAY_CELL } from "./plan-forms";

/** How many days the production grid shows at once: a fortnight, the base selling horizon. */
export const GRID_DAYS = 14;

export type GridDay = { date: string; open: boolean; closure: string | null };

export type GridProductCell = {
  date: string;
  planned: number;
  /** Held by orders: paid ones and those still being paid for. */
  ordered: number;
  /** The date has its own number rather than its weekday's. */
  ownNumber: boolean;
  /** Shoppers waiting to hear it is back that day (decision 032): demand the plan could meet. */
  waiting: number;
};

export type GridGroupCell = { date: string; capacity: number | null; ordered: number; left: number | null };

export type ProductionGrid = Awaited<ReturnType<typeof loadProductionGrid>>;

/**
 * The production grid: every active product's plan for `GRID_DAYS` days from `from` (planned,
 * ordered, left), its weekday defaults, and each capacity group's use of its limit. One plan load
 * (one D1 batch) and the product names; the grid reads what orders hold from the orders themselves,
 * as the shop does, so it shows what a shopper sees.
 */
export async function loadProductionGrid(ctx: Pick<RequestContext, "db">, from: string) {
  const to = addDays(from, GRID_DAYS - 1);
  const [{ context, plans }, names, waiting] = await Promise.all([
    loadPlan(ctx, { from, to }),
    ctx.db
      .select({ id: products.id, name: products.name })
      .from(products)
      .where(eq(products.status, "active"))
      .orderBy(asc(products.name)),
    waitingDemand(ctx, from, to),
  ]);
  const dates = Array.from({ length: GRID_DAYS }, (_, offset) => addDays(from, offset));
  const days: GridDay[] = dates.map((date) => {
    const closure = context.week.closures.get(date);
    return {
      date,
      open: closure === undefined && context.week.openWeekdays.has(weekdayOf(date)),
      closure: closure === undefined ? null : closure || "Closed",
    };
  });
  // A row per product, or per value of its option planned apart ("Carrot Cake: 8 inch").
  const rows = names.flatMap(({ id, name }) => {
    const plan = plans.get(id);
    if (!plan) return [];
    const groupNames = plan.groupIds.map((groupId) => context.groups.get(groupId)?.name ?? "");
    const row = (
      variantId: number,
      variantLabel: string | null,
      quantities: PlanQuantities,
      ordered: (date: string) => number,
      first = true,
    ) => ({
      id,
      variantId,
      key: planKey(id, variantId),
      /** What the row's cells are called ("Carrot Cake: 8 inch"). */
      name: variantLabel ? `${name}: ${variantLabel}` : name,
      productName: name,
      variantLabel,
      weekdays: Array.from({ length: 7 }, (_, weekday) => quantities.weekdayQuantities.get(weekday) ?? 0),
      groups: groupNames,
      cells: dates.map(
        (date): GridProductCell => ({
          date,
          planned: plannedQuantity(quantities, date),
          ordered: ordered(date),
          ownNumber: quantities.overrides.has(date),
          // Asked of the product, not a size: shown on its first row.
          waiting: first ? (waiting.get(salesKey(id, date)) ?? 0) : 0,
        }),
      ),
    });
    if (!plan.plannedApart) {
      return [row(0, null, plan, (date) => context.sales.product.get(salesKey(id, date)) ?? 0)];
    }
    return plan.variants.map((variant, index) =>
      row(
        variant.id,
        variant.label,
        variant,
        (date) => context.sales.variant.get(variantSalesKey(id, variant.id, date)) ?? 0,
        index === 0,
      ),
    );
  });
  const groups = [...context.groups.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((group) => ({
      id: group.id,
      name: group.name,
      members: names.filter(({ id }) => plans.get(id)?.groupIds.includes(group.id)).map(({ name }) => name),
      weekdays: Array.from({ length: 7 }, (_, weekday) => group.weekdayCapacities.get(weekday) ?? null),
      cells: dates.map((date): GridGroupCell => {
        const capacity = group.weekdayCapacities.get(weekdayOf(date)) ?? null;
        const left = groupLeft(context, group.id, date);
        return {
          date,
          capacity,
          ordered: context.sales.group.get(salesKey(group.id, date)) ?? 0,
          left: Number.isFinite(left) ? left : null,
        };
      }),
    }));
  return { from, to, days, products: rows, groups };
}

/** Why one cell of the grid was not saved, in the words shown by it. */
function refusal(outcome: Exclude<PlanEditOutcome, { status: "saved" }>, typed: number | null, weekday: boolean) {
  if (outcome.status === "not-a-row") {
    return "This row's options changed while you were editing (sizes planned apart or not): reload the grid.";
  }
  if (outcome.status === "changed") {
    const now = outcome.current === null ? "no limit" : String(outcome.current);
    return `Someone changed this to ${now} while you were editing. Save again to make it ${typed ?? "no limit"}.`;
  }
  return weekday
    ? `Orders already hold ${outcome.held} on ${longDay(outcome.date)}, which follows this default: give that day its own number first, or enter at least ${outcome.held}.`
    : `Orders already hold ${outcome.held} for this day: enter at least ${outcome.held}.`;
}

type GridSaveContext = Pick<RequestContext, "db" | "kv" | "env" | "logger">;

/**
 * What a save of the grid did: how many cells changed, and for each refused cell (by its index in
 * the post) why; the refused cells' other neighbours are saved all the same.
 */
export type GridSave = { saved: number; refused: Map<number, string> };

async function saveEdits(
  ctx: GridSaveContext,
  actorId: number,
  today: string,
  posted: readonly { index: number; edit: PlanEdit; typed: number | null }[],
): Promise<GridSave> {
  const outcomes = await applyPlanEdits(
    ctx,
    actorId,
    posted.map((cell) => cell.edit),
    today,
  );
  const refused = new Map<number, string>();
  let saved = 0;
  outcomes.forEach((outcome, position) => {
    const cell = posted[position];
    if (!cell) return;
    if (outcome.status === "saved") saved++;
    else refused.set(cell.index, refusal(outcome, cell.typed, cell.edit.kind !== "day"));
  });
  return { saved, refused };
}

const cellParts = (cell: string, pattern: RegExp) => {
  const [, id = "", variant = "0", key = ""] = cell.match(pattern) ?? [];
  return { id: Number(id), variantId: Number(variant), key };
};

/** Saves the grid's changed day cells (typed ≠ shown); unchanged cells are not written. */
export function saveGridDays(
  ctx: GridSaveContext,
  actorId: number,
  today: string,
  cells: readonly PlanDaysForm["cells"][number][],
) {
  const posted = cells.flatMap((cell, index) => {
    if (cell.quantity === cell.was) return [];
    const { id, variantId, key } = cellParts(cell.cell, DAY_CELL);
    const edit = { kind: "day", productId: id, variantId, date: key, quantity: cell.quantity, expected: cell.was };
    return [{ index, typed: cell.quantity, edit: edit as PlanEdit }];
  });
  return saveEdits(ctx, actorId, today, posted);
}

/** Saves the weekly defaults that changed: products' numbers (first) and groups' limits (after them). */
export function saveGridWeek(ctx: GridSaveContext, actorId: number, today: string, week: PlanWeekForm) {
  const productCells = week.products.flatMap((cell, index) => {
    if (cell.quantity === cell.was) return [];
    const { id, variantId, key } = cellParts(cell.cell, WEEKDAY_CELL);
    const edit = {
      kind: "weekday",
      productId: id,
      variantId,
      weekday: Number(key),
      quantity: cell.quantity,
      expected: cell.was,
    };
    return [{ index, typed: cell.quantity, edit: edit as PlanEdit }];
  });
  const groupCells = week.groups.flatMap((cell, index) => {
    const capacity = cell.capacity ?? null;
    const was = cell.was ?? null;
    if (capacity === was) return [];
    const { id, key } = cellParts(cell.cell, WEEKDAY_CELL);
    const edit = { kind: "group-weekday", groupId: id, weekday: Number(key), capacity, expected: was } as const;
    // Group cells are numbered after the products' so one map says which cell each refusal is for.
    return [{ index: week.products.length + index, typed: capacity, edit: edit as PlanEdit }];
  });
  return saveEdits(ctx, actorId, today, [...productCells, ...groupCells]);
}

/** The grid's day cells as its form posts them: open days only, product by product. */
export function gridDayCells(grid: ProductionGrid) {
  const open = new Set(grid.days.filter((day) => day.open).map((day) => day.date));
  return grid.products.flatMap((product) =>
    product.cells
      .filter((cell) => open.has(cell.date))
      .map((cell) => ({
        cell: `${product.key}@${cell.date}`,
        was: String(cell.planned),
        quantity: String(cell.planned),
      })),
  );
}

/** The weekly defaults as their form posts them (an empty group limit is no limit). */
export function gridWeekCells(grid: ProductionGrid) {
  return {
    products: grid.products.flatMap((product) =>
      WEEK_ORDER.map((weekday) => {
        const value = String(product.weekdays[weekday] ?? 0);
        return { cell: `${product.key}@${weekday}`, was: value, quantity: value };
      }),
    ),
    groups: grid.groups.flatMap((group) =>
      WEEK_ORDER.map((weekday) => {
        const value = group.weekdays[weekday];
        const shown = value === null || value === undefined ? "" : String(value);
        return { cell: `${group.id}@${weekday}`, was: shown, capacity: shown };
      }),
    ),
  };
}
