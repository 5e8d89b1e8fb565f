/**
 * What can be sold for each bake day, from the bakery's plan (docs/decisions/017-production-plan.md).
 * Pure: the plan, what is already sold and "now" come in; nothing is read here, so every rule is
 * tested without a database and the same answer is given to pages, the basket and checkout.
 *
 * Times are shop wall-clock strings ("2026-12-05", "2026-12-04T18:00", from shopLocalDateTime),
 * so "18:00 the day before" stays 18:00 across the British Summer Time changes.
 */

/** The shop's week and its closures. */
export type ShopWeek = {
  /** 0 = Sunday … 6 = Saturday. */
  openWeekdays: ReadonlySet<number>;
  /** Shop date → why it is shut. */
  closures: ReadonlyMap<string, string>;
};

/** How many are baked: a row of the plan (a product, or one value of its option planned apart). */
export type PlanQuantities = {
  /** Weekday → how many are baked; a missing weekday is not baked. */
  weekdayQuantities: ReadonlyMap<number, number>;
  /** Shop date → how many instead of the weekday's. */
  overrides: ReadonlyMap<string, number>;
};

/** One value of a product's option planned apart (a cake's size), baked to its own numbers. */
export type PlanVariant = PlanQuantities & { id: number; label: string };

export type ProductPlan = PlanQuantities & {
  productId: number;
  /** Ordering closes this many minutes before the bake day starts (00:00 shop time). */
  orderDeadlineMinutes: number;
  sellFrom: string | null;
  sellUntil: string | null;
  groupIds: readonly number[];
  /** One of its options is planned apart: only `variants` are baked (none while it has no values). */
  plannedApart: boolean;
  /** The values of its option planned apart, each with its own numbers (the product's own are unused). */
  variants: readonly PlanVariant[];
};

export type CapacityGroupPlan = {
  id: number;
  name: string;
  /** Weekday → the group's capacity; a missing weekday is not limited by the group. */
  weekdayCapacities: ReadonlyMap<number, number>;
};

/**
 * What orders already hold on each bake day: per product (all its variants together), per
 * variant of a product planned apart (`variantSalesKey`), and per group.
 */
export type Sales = {
  product: ReadonlyMap<string, number>;
  variant: ReadonlyMap<string, number>;
  group: ReadonlyMap<string, number>;
};

export const salesKey = (id: number, date: string) => `${id}@${date}`;
export const variantSalesKey = (productId: number, variantId: number, date: string) =>
  `${productId}.${variantId}@${date}`;

/** A row of the plan as one key: "12" for a product as a whole, "12.7" for its value 7. */
export const planKey = (productId: number, variantId: number) =>
  variantId === 0 ? String(productId) : `${productId}.${variantId}`;

export type ProductPlanContext = {
  week: ShopWeek;
  groups: ReadonlyMap<number, CapacityGroupPlan>;
  sales: Sales;
  /** Bake date → when its menu opens for orders (shop time). */
  drops: ReadonlyMap<string, string>;
};

export type DayAvailability =
  | { date: string; status: "available"; left: number }
  | { date: string; status: "sold-out" }
  | { date: string; status: "closed"; reason: string }
  | { date: string; status: "not-baked" }
  | { date: string; status: "out-of-season" }
  | { date: string; status: "too-late"; closedAt: string }
  /** Not on sale yet; `left` is how many will be when it opens (a drop shows what it drops). */
  | { date: string; status: "opens-later"; opensAt: string; left: number };

/** The selling horizon in days: two weeks, or longer when a product needs more notice than that leaves. */
export const BASE_HORIZON_DAYS = 14;

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function weekdayOf(isoDate: string): number {
  return new Date(`${isoDate}T12:00:00Z`).getUTCDay();
}

/** The moment ordering closes for a bake day (shop wall-clock): 00:00 that day less the notice. */
export function orderDeadline(bakeDate: string, deadlineMinutes: number): string {
  const wallClock = new Date(`${bakeDate}T00:00:00Z`);
  wallClock.setUTCMinutes(wallClock.getUTCMinutes() - deadlineMinutes);
  return wallClock.toISOString().slice(0, 16);
}

/** How many days ahead to sell: a fortnight, or a week past the longest notice asked for. */
export function horizonDays(noticeMinutes: readonly number[]): number {
  const longestNoticeDays = Math.max(0, ...noticeMinutes.map((minutes) => Math.ceil(minutes / 1440)));
  return Math.max(BASE_HORIZON_DAYS, longestNoticeDays + 7);
}

/** Bake dates from today on, far enough ahead for the longest notice among `plans`. */
export function sellingDates(nowLocal: string, plans: readonly Pick<ProductPlan, "orderDeadlineMinutes">[]): string[] {
  const horizon = horizonDays(plans.map((plan) => plan.orderDeadlineMinutes));
  const today = nowLocal.slice(0, 10);
  return Array.from({ length: horizon + 1 }, (_, offset) => addDays(today, offset));
}

/** How many a row of the plan bakes on a date, before anything is sold. */
export function plannedQuantity(row: PlanQuantities, date: string): number {
  return row.overrides.get(date) ?? row.weekdayQuantities.get(weekdayOf(date)) ?? 0;
}

/** How many of a product are baked on a date: all its sizes together when they are planned apart. */
export function productPlanned(plan: ProductPlan, date: string): number {
  if (!plan.plannedApart) return plannedQuantity(plan, date);
  return plan.variants.reduce((sum, variant) => sum + plannedQuantity(variant, date), 0);
}

/**
 * How many of one row of a product's plan are baked on a date and how many of those are left
 * before groups: the product as a whole, one variant (`variantId`), or, for a product planned
 * apart asked as a whole (its card's badge), all its variants together.
 */
function ownNumbers(context: ProductPlanContext, plan: ProductPlan, date: string, variantId: number) {
  if (!plan.plannedApart) {
    const planned = plannedQuantity(plan, date);
    return { planned, left: planned - (context.sales.product.get(salesKey(plan.productId, date)) ?? 0) };
  }
  const rows = variantId === 0 ? plan.variants : plan.variants.filter((variant) => variant.id === variantId);
  let planned = 0;
  let left = 0;
  for (const row of rows) {
    const baked = plannedQuantity(row, date);
    planned += baked;
    left += Math.max(0, baked - (context.sales.variant.get(variantSalesKey(plan.productId, row.id, date)) ?? 0));
  }
  return { planned, left };
}

/** Left in a capacity group on a date; Infinity where the group sets no limit that weekday. */
export function groupLeft(context: ProductPlanContext, groupId: number, date: string): number {
  const capacity = context.groups.get(groupId)?.weekdayCapacities.get(weekdayOf(date));
  if (capacity === undefined) return Number.POSITIVE_INFINITY;
  return capacity - (context.sales.group.get(salesKey(groupId, date)) ?? 0);
}

/**
 * Whether and how many of one product (or one variant of it: `variantId`, 0 = the product as a
 * whole) can be ordered now for one bake day, and if not, why.
 */
export function productDay(
  context: ProductPlanContext,
  plan: ProductPlan,
  date: string,
  nowLocal: string,
  variantId = 0,
): DayAvailability {
  const closure = context.week.closures.get(date);
  if (closure !== undefined) return { date, status: "closed", reason: closure || "Closed" };
  if (!context.week.openWeekdays.has(weekdayOf(date))) return { date, status: "closed", reason: "Closed" };
  if ((plan.sellFrom && date < plan.sellFrom) || (plan.sellUntil && date > plan.sellUntil)) {
    return { date, status: "out-of-season" };
  }
  const own = ownNumbers(context, plan, date, variantId);
  if (own.planned <= 0) return { date, status: "not-baked" };
  const closedAt = orderDeadline(date, plan.orderDeadlineMinutes);
  if (nowLocal >= closedAt) return { date, status: "too-late", closedAt };
  const left = Math.min(own.left, ...plan.groupIds.map((groupId) => groupLeft(context, groupId, date)));
  const opensAt = context.drops.get(date);
  if (opensAt && nowLocal < opensAt) return { date, status: "opens-later", opensAt, left: Math.max(left, 0) };
  return left > 0 ? { date, status: "available", left } : { date, status: "sold-out" };
}

/** A basket line as the plan sees it: its product, the variant it is baked as (0 = none), how many. */
export type BasketLineNeed = { productId: number; variantId?: number; quantity: number };

/** Why a basket cannot be had on a day; `key` is the plan row (`planKey`) a line problem is about. */
export type BasketDayProblem =
  | { key: string; productId: number; kind: "unavailable"; day: Exclude<DayAvailability, { status: "available" }> }
  | { key: string; productId: number; kind: "short"; left: number }
  | { key: null; productId: null; kind: "group-full"; group: string; left: number };

/**
 * Whether a whole basket can be had on one bake day: every row of the plan available in what the
 * basket's lines want of it together (two lines of one loaf, sliced and whole, are one row), and
 * every capacity group able to take all the basket's lines in it together.
 */
export function basketDay(
  context: ProductPlanContext,
  plans: ReadonlyMap<number, ProductPlan>,
  lines: readonly BasketLineNeed[],
  date: string,
  nowLocal: string,
): { ok: true } | { ok: false; problems: BasketDayProblem[] } {
  const problems: BasketDayProblem[] = [];
  const groupNeeds = new Map<number, number>();
  const refused = new Set<number>();
  const rows = new Map<string, BasketLineNeed>();
  for (const line of lines) {
    const key = planKey(line.productId, line.variantId ?? 0);
    const row = rows.get(key);
    rows.set(key, row ? { ...row, quantity: row.quantity + line.quantity } : line);
  }
  for (const [key, line] of rows) {
    const { productId } = line;
    const plan = plans.get(productId);
    if (!plan) {
      problems.push({ key, productId, kind: "unavailable", day: { date, status: "not-baked" } });
      continue;
    }
    const day = productDay(context, plan, date, nowLocal, line.variantId ?? 0);
    if (day.status !== "available") problems.push({ key, productId, kind: "unavailable", day });
    else if (day.left < line.quantity) problems.push({ key, productId, kind: "short", left: day.left });
    else {
      for (const groupId of plan.groupIds) groupNeeds.set(groupId, (groupNeeds.get(groupId) ?? 0) + line.quantity);
      continue;
    }
    for (const groupId of plan.groupIds) refused.add(groupId);
  }
  // Lines that each fit may still not fit together in a shared group (two cakes, one decorator).
  for (const [groupId, needed] of groupNeeds) {
    if (refused.has(groupId)) continue;
    const left = groupLeft(context, groupId, date);
    if (needed > left) {
      problems.push({
        key: null,
        productId: null,
        kind: "group-full",
        group: context.groups.get(groupId)?.name ?? "",
        left,
      });
    }
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
