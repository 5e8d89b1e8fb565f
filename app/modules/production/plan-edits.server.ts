import { and, eq, gt, gte, notExists, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import {
  auditLog,
  bakeOverrides,
  bakeSchedules,
  capacityGroupLimits,
  dayHolds,
  groupDayHolds,
  productOptions,
  productOptionValues,
} from "../../../database/schema";
import { type Database, insertWhere, rowsChanged, runBatch } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

type PlanEditor = Pick<RequestContext, "db" | "kv" | "env" | "logger">;

/**
 * One change to the plan, with what the editor saw (`expected`) so a change made meanwhile by
 * someone else is not overwritten (optimistic concurrency per cell). `expected` undefined means
 * "whatever it is now" (tests and scripts).
 */
export type PlanEdit =
  /** `variantId`: a value of the product's option planned apart (a cake's size); 0 or omitted = the product. */
  | { kind: "day"; productId: number; variantId?: number; date: string; quantity: number; expected?: number }
  | { kind: "weekday"; productId: number; variantId?: number; weekday: number; quantity: number; expected?: number }
  /** A capacity group's limit on a weekday; null = not limited that weekday. */
  | { kind: "group-weekday"; groupId: number; weekday: number; capacity: number | null; expected?: number | null };

export type PlanEditOutcome =
  | { status: "saved" }
  /** Someone changed it after the editor loaded it; it is now `current`. */
  | { status: "changed"; current: number | null }
  /** Not a row of the plan (any more): a size of an option no longer planned apart, or the reverse. */
  | { status: "not-a-row" }
  /** Orders already hold more than the new number on `date`. */
  | { status: "below-held"; held: number; date: string };

/** SQLite's weekday of a shop date, 0 = Sunday, as the plan's weekday columns count. */
const weekdayOf = (date: SQL | string) => sql`CAST(strftime('%w', ${date}) AS INTEGER)`;

/** A row of the plan: a product as a whole (variant 0), or one value of its option planned apart. */
type PlanRow = { productId: number; variantId: number };

const rowOf = (edit: { productId: number; variantId?: number }): PlanRow => ({
  productId: edit.productId,
  variantId: edit.variantId ?? 0,
});

const weekdayQuantity = (row: PlanRow, weekday: number | SQL) => sql`coalesce(
  (SELECT ${bakeSchedules.quantity} FROM ${bakeSchedules} WHERE ${bakeSchedules.productId} = ${row.productId}
    AND ${bakeSchedules.variantId} = ${row.variantId} AND ${bakeSchedules.weekday} = ${weekday}), 0)`;

/** How many of a row the plan bakes on a date: that date's override, else its weekday's number. */
const dayQuantity = (row: PlanRow, date: string) => sql`coalesce(
  (SELECT ${bakeOverrides.quantity} FROM ${bakeOverrides} WHERE ${bakeOverrides.productId} = ${row.productId}
    AND ${bakeOverrides.variantId} = ${row.variantId} AND ${bakeOverrides.date} = ${date}),
  ${weekdayQuantity(row, weekdayOf(date))})`;

const groupCapacity = (groupId: number, weekday: number) => sql`(SELECT ${capacityGroupLimits.capacity}
  FROM ${capacityGroupLimits} WHERE ${capacityGroupLimits.groupId} = ${groupId} AND ${capacityGroupLimits.weekday} = ${weekday})`;

/** What the edit changes, as it stands now. */
function currentValue(edit: PlanEdit): SQL {
  switch (edit.kind) {
    case "day":
      return dayQuantity(rowOf(edit), edit.date);
    case "weekday":
      return weekdayQuantity(rowOf(edit), edit.weekday);
    case "group-weekday":
      return groupCapacity(edit.groupId, edit.weekday);
  }
}

function expectedOf(edit: PlanEdit): number | null | undefined {
  return edit.expected;
}

/** The guard every statement of an edit carries: the value is still what the editor saw. */
function stillAsSeen(edit: PlanEdit): SQL {
  const expected = expectedOf(edit);
  const row = edit.kind === "group-weekday" ? sql`1` : isPlanRow(rowOf(edit));
  if (expected === undefined) return row;
  // IS: a group's "no limit" (NULL) equals NULL.
  return sql`${row} AND ${currentValue(edit)} IS ${expected}`;
}

/**
 * Whether a row is one the plan uses: a product as a whole unless one of its options is planned
 * apart; else one value of that option. A grid loaded before the options changed posts rows that
 * are no longer used; they are refused, not written.
 */
function isPlanRow(row: PlanRow): SQL {
  const plannedApart = sql`FROM ${productOptions} WHERE ${productOptions.productId} = ${row.productId}
    AND ${productOptions.plannedApart} = 1`;
  if (row.variantId === 0) return sql`NOT EXISTS (SELECT 1 ${plannedApart})`;
  return sql`EXISTS (SELECT 1 FROM ${productOptionValues} WHERE ${productOptionValues.id} = ${row.variantId}
    AND ${productOptionValues.optionId} IN (SELECT ${productOptions.id} ${plannedApart}))`;
}

/** Future days without their own number follow their weekday's (weekday edits change them). */
const followsWeekday = (row: PlanRow, weekday: number, from: string) =>
  and(
    dayHoldsOf(row),
    gte(dayHolds.bakeDate, from),
    sql`${weekdayOf(sql`${dayHolds.bakeDate}`)} = ${weekday}`,
    notExists(
      sql`(SELECT 1 FROM ${bakeOverrides} WHERE ${bakeOverrides.productId} = ${row.productId}
        AND ${bakeOverrides.variantId} = ${row.variantId} AND ${bakeOverrides.date} = ${dayHolds.bakeDate})`,
    ),
  ) as SQL;

const dayHoldsOf = (row: PlanRow) =>
  and(eq(dayHolds.productId, row.productId), eq(dayHolds.variantId, row.variantId)) as SQL;

const groupDaysOn = (groupId: number, weekday: number, from: string) =>
  and(
    eq(groupDayHolds.groupId, groupId),
    gte(groupDayHolds.bakeDate, from),
    sql`${weekdayOf(sql`${groupDayHolds.bakeDate}`)} = ${weekday}`,
  ) as SQL;

function auditEntry(db: Database, edit: PlanEdit, actorId: number | null) {
  const [entity, entityId, action, key] =
    edit.kind === "day"
      ? (["bake_plan", edit.productId, "plan-day", { date: edit.date }] as const)
      : edit.kind === "weekday"
        ? (["bake_plan", edit.productId, "plan-weekday", { weekday: edit.weekday }] as const)
        : (["capacity_group", edit.groupId, "capacity-weekday", { weekday: edit.weekday }] as const);
  const after = edit.kind === "group-weekday" ? edit.capacity : edit.quantity;
  const variant = edit.kind === "group-weekday" ? 0 : (edit.variantId ?? 0);
  // A size planned apart is named in the entry, as the grid names its row.
  const variantPart = variant === 0 ? sql`` : sql`, 'variant', ${variant}`;
  return insertWhere(
    db,
    auditLog,
    {
      entity,
      entityId,
      action,
      actorUserId: actorId,
      before: sql`json_object(${Object.keys(key)[0]}, ${Object.values(key)[0]}${variantPart}, 'value', ${currentValue(edit)})`,
      after: JSON.stringify({ ...key, ...(variant === 0 ? {} : { variant }), value: after }),
    },
    { where: stillAsSeen(edit) },
  );
}

/**
 * The statements of one edit, in order: its audit entry, the reservation counters kept in step
 * (decision 017: `day_holds.planned`, `group_day_holds.capacity`, whose CHECKs refuse a number
 * below what orders hold), and last the plan row itself, whose changed-row count says whether
 * the edit applied. All of them carry the same guard, read before the plan row changes.
 */
function editStatements(db: Database, edit: PlanEdit, actorId: number | null, from: string): BatchItem<"sqlite">[] {
  const guard = stillAsSeen(edit);
  const audit = auditEntry(db, edit, actorId);
  switch (edit.kind) {
    case "day":
      return [
        audit,
        db
          .update(dayHolds)
          .set({ planned: edit.quantity })
          .where(and(dayHoldsOf(rowOf(edit)), eq(dayHolds.bakeDate, edit.date), guard)),
        insertWhere(
          db,
          bakeOverrides,
          { ...rowOf(edit), date: edit.date, quantity: edit.quantity },
          {
            where: guard,
            onConflict: sql`(product_id, variant_id, date) DO UPDATE SET quantity = excluded.quantity`,
          },
        ),
      ];
    case "weekday":
      return [
        audit,
        db
          .update(dayHolds)
          .set({ planned: edit.quantity })
          .where(and(followsWeekday(rowOf(edit), edit.weekday, from), guard)),
        insertWhere(
          db,
          bakeSchedules,
          { ...rowOf(edit), weekday: edit.weekday, quantity: edit.quantity },
          {
            where: guard,
            onConflict: sql`(product_id, variant_id, weekday) DO UPDATE SET quantity = excluded.quantity`,
          },
        ),
      ];
    case "group-weekday":
      if (edit.capacity === null) {
        // Unlimited that weekday: the counters go; they are rebuilt from orders if a limit returns.
        return [
          audit,
          db.delete(groupDayHolds).where(and(groupDaysOn(edit.groupId, edit.weekday, from), guard)),
          db
            .delete(capacityGroupLimits)
            .where(
              and(eq(capacityGroupLimits.groupId, edit.groupId), eq(capacityGroupLimits.weekday, edit.weekday), guard),
            ),
        ];
      }
      return [
        audit,
        db
          .update(groupDayHolds)
          .set({ capacity: edit.capacity })
          .where(and(groupDaysOn(edit.groupId, edit.weekday, from), guard)),
        insertWhere(
          db,
          capacityGroupLimits,
          { groupId: edit.groupId, weekday: edit.weekday, capacity: edit.capacity },
          { where: guard, onConflict: sql`(group_id, weekday) DO UPDATE SET capacity = excluded.capacity` },
        ),
      ];
  }
}

/** The first day (from `from`) on which orders hold more than the edit would allow, if any. */
function heldAboveQuery(db: Database, edit: PlanEdit, from: string) {
  switch (edit.kind) {
    case "day":
      return db
        .select({ date: dayHolds.bakeDate, held: dayHolds.held })
        .from(dayHolds)
        .where(and(dayHoldsOf(rowOf(edit)), eq(dayHolds.bakeDate, edit.date), gt(dayHolds.held, edit.quantity)));
    case "weekday":
      return db
        .select({ date: dayHolds.bakeDate, held: dayHolds.held })
        .from(dayHolds)
        .where(and(followsWeekday(rowOf(edit), edit.weekday, from), gt(dayHolds.held, edit.quantity)))
        .orderBy(dayHolds.bakeDate)
        .limit(1);
    case "group-weekday":
      return db
        .select({ date: groupDayHolds.bakeDate, held: groupDayHolds.held })
        .from(groupDayHolds)
        .where(and(groupDaysOn(edit.groupId, edit.weekday, from), gt(groupDayHolds.held, edit.capacity ?? 2 ** 31)))
        .orderBy(groupDayHolds.bakeDate)
        .limit(1);
  }
}

/** The edited value as it stands, as a one-row query (batchable). */
const valueNow = (db: Database, edit: PlanEdit) =>
  db
    // Aliased: D1 rows are keyed by column name, and a column named "1" would sort first.
    .select({
      value: sql<number | null>`${currentValue(edit)}`.as("value_now"),
      isRow: sql<number>`${edit.kind === "group-weekday" ? sql`1` : isPlanRow(rowOf(edit))}`.as("is_row"),
    })
    .from(sql`(SELECT 1)`);

const newValue = (edit: PlanEdit) => (edit.kind === "group-weekday" ? edit.capacity : edit.quantity);

/**
 * Applies the editor's changes to the plan (decision 017: every change to the plan comes through
 * here, so the reservation counters never disagree with it). Each edit stands alone: one whose
 * value someone else changed meanwhile, or that would plan fewer than orders already hold, is
 * refused and said why; the others are saved, with an audit entry each, in one D1 batch. Weekday
 * edits apply to days from `from` (today) that have no number of their own.
 */
export async function applyPlanEdits(
  ctx: PlanEditor,
  actorId: number | null,
  edits: readonly PlanEdit[],
  from: string,
): Promise<PlanEditOutcome[]> {
  const db = ctx.db;
  const outcomes: (PlanEditOutcome | null)[] = edits.map(() => null);
  // Orders can arrive between the check and the write; then the batch's CHECK refuses it whole,
  // and the check is made again (a checkout takes milliseconds; twice is plenty).
  for (let attempt = 0; attempt < 3; attempt++) {
    const pending = edits.flatMap((edit, index) => (outcomes[index] === null ? [{ edit, index }] : []));
    if (pending.length === 0) break;
    const [first, ...rest] = pending.flatMap(({ edit }) => [heldAboveQuery(db, edit, from), valueNow(db, edit)]);
    const checks = first ? await db.batch([first, ...rest]) : [];
    const writable: { edit: PlanEdit; index: number }[] = [];
    pending.forEach(({ edit, index }, position) => {
      const above = (checks[position * 2] as { date: string; held: number }[])[0];
      const now = (checks[position * 2 + 1] as { value: number | null; isRow: number }[])[0];
      const current = now?.value ?? null;
      const expected = expectedOf(edit);
      if (!now?.isRow) outcomes[index] = { status: "not-a-row" };
      else if (expected !== undefined && current !== expected) outcomes[index] = { status: "changed", current };
      else if (above) outcomes[index] = { status: "below-held", held: above.held, date: above.date };
      else if (current === newValue(edit)) outcomes[index] = { status: "saved" };
      else writable.push({ edit, index });
    });
    if (writable.length === 0) break;
    try {
      const results = await runBatch(db, [...writable.flatMap(({ edit }) => editStatements(db, edit, actorId, from))]);
      writable.forEach(({ index }, position) => {
        const planRow = results[position * 3 + 2];
        outcomes[index] = rowsChanged(planRow) === 1 ? { status: "saved" } : { status: "changed", current: null };
      });
      // A change that lost a race is reported with the value it lost to.
      for (const { edit, index } of writable) {
        if (outcomes[index]?.status === "changed") {
          outcomes[index] = { status: "changed", current: (await valueNow(db, edit).get())?.value ?? null };
        }
      }
      break;
    } catch (error) {
      if (!/day_holds_within_plan|group_day_holds_within_capacity/.test(String(error))) throw error;
    }
  }
  return outcomes.map((outcome) => outcome ?? { status: "changed", current: null });
}

export type PlanEditResult = { ok: true } | { ok: false; held: number };

/**
 * Sets how many of a product are baked on one date (an extra batch, or 0 for none that day),
 * whatever it is now; fewer than orders already hold is refused, with how many they hold.
 */
export async function setDayQuantity(
  ctx: PlanEditor,
  productId: number,
  date: string,
  quantity: number,
  variantId = 0,
): Promise<PlanEditResult> {
  const [outcome] = await applyPlanEdits(ctx, null, [{ kind: "day", productId, variantId, date, quantity }], date);
  if (outcome?.status === "below-held") return { ok: false, held: outcome.held };
  return { ok: true };
}
