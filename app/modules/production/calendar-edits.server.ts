import { and, asc, count, eq, gt, gte, inArray, ne, type SQL, sql } from "drizzle-orm";
import {
  auditLog,
  closures,
  collectionWindows,
  drops,
  orders,
  shopWeekdays,
  slotBookings,
} from "../../../database/schema";
import { longDay } from "../../lib/shop-dates";
import { catalogChange, publishCatalogChange } from "../cache/catalog-changes.server";
import { forgetShopCalendar } from "../checkout/calendar.server";
import { type Database, rowsChanged, runBatch } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

type CalendarEditor = Pick<RequestContext, "db" | "kv" | "env" | "logger" | "url" | "waitUntil" | "memo">;

export type CalendarEditResult = { ok: true; notice?: string } | { ok: false; field: string | null; message: string };

/** SQLite's weekday of a shop date column, 0 = Sunday. */
const weekdayOf = (date: SQL) => sql`CAST(strftime('%w', ${date}) AS INTEGER)`;

/** Orders a day's bake must honour: paid or still being paid for, not cancelled. */
const booked = and(
  inArray(orders.status, ["pending", "awaiting_payment", "paid"]),
  ne(orders.fulfilmentStatus, "cancelled"),
);

function audit(db: Database, actorId: number, action: string, before: unknown, after: unknown) {
  return db.insert(auditLog).values({
    entity: "calendar",
    entityId: 0,
    action,
    actorUserId: actorId,
    before: before === null ? null : JSON.stringify(before),
    after: JSON.stringify(after),
  });
}

/** Runs a calendar edit's statements with the catalogue bump (shop pages and checkout re-read it). */
async function commit(ctx: CalendarEditor, statements: Parameters<typeof runBatch>[1]) {
  const results = await runBatch(ctx.db, [...statements, catalogChange(ctx.db)]);
  await Promise.all([publishCatalogChange(ctx, results), forgetShopCalendar(ctx)]);
  return results;
}

/** The first coming slot (of `slotTime`, on `weekday` if given) already holding more than `capacity`. */
async function overbookedSlot(
  ctx: CalendarEditor,
  today: string,
  slotTime: string,
  capacity: number,
  weekday?: number,
) {
  return ctx.db
    .select({ date: slotBookings.slotDate, booked: slotBookings.booked })
    .from(slotBookings)
    .where(
      and(
        eq(slotBookings.slotTime, slotTime),
        gte(slotBookings.slotDate, today),
        gt(slotBookings.booked, capacity),
        weekday === undefined ? undefined : sql`${weekdayOf(sql`${slotBookings.slotDate}`)} = ${weekday}`,
      ),
    )
    .orderBy(asc(slotBookings.slotDate))
    .get();
}

/**
 * Which weekdays the shop opens and how many deliveries each takes. Coming delivery days keep
 * their booked orders: a number below what one already holds is refused, naming the day. Orders
 * already booked on a weekday being shut stay booked, and the notice says how many.
 */
export async function saveWeek(
  ctx: CalendarEditor,
  actorId: number,
  today: string,
  days: readonly { weekday: number; open: boolean; deliveries: number }[],
): Promise<CalendarEditResult> {
  for (const [index, day] of days.entries()) {
    const over = await overbookedSlot(ctx, today, "delivery", day.deliveries, day.weekday);
    if (over) {
      return {
        ok: false,
        field: `days[${index}].deliveries`,
        message: `${over.booked} deliveries are already booked on ${longDay(over.date)}: enter at least ${over.booked}.`,
      };
    }
  }
  const before = await ctx.db.select().from(shopWeekdays).orderBy(asc(shopWeekdays.weekday));
  const { db } = ctx;
  await commit(ctx, [
    audit(db, actorId, "week", before, days),
    ...days.flatMap((day) => [
      db
        .update(shopWeekdays)
        .set({ open: day.open, deliveryCapacity: day.deliveries })
        .where(eq(shopWeekdays.weekday, day.weekday)),
      db
        .update(slotBookings)
        .set({ capacity: day.deliveries })
        .where(
          and(
            eq(slotBookings.slotTime, "delivery"),
            gte(slotBookings.slotDate, today),
            sql`${weekdayOf(sql`${slotBookings.slotDate}`)} = ${day.weekday}`,
          ),
        ),
    ]),
  ]);
  const shut = days.filter((day) => !day.open).map((day) => day.weekday);
  const stillBooked = shut.length
    ? ((
        await db
          .select({ n: count() })
          .from(orders)
          .where(and(booked, gte(orders.slotDate, today), inArray(sql`${weekdayOf(sql`${orders.slotDate}`)}`, shut)))
          .get()
      )?.n ?? 0)
    : 0;
  return {
    ok: true,
    notice: stillBooked
      ? `Week saved. ${stillBooked} order${stillBooked === 1 ? " is" : "s are"} already booked on days now shut: they stay booked.`
      : "Week saved.",
  };
}

export async function addWindow(
  ctx: CalendarEditor,
  actorId: number,
  window: { startsAt: string; endsAt: string; capacity: number },
): Promise<CalendarEditResult> {
  try {
    await commit(ctx, [
      audit(ctx.db, actorId, "window-add", null, window),
      ctx.db.insert(collectionWindows).values(window),
    ]);
    return { ok: true, notice: `Collection window ${window.startsAt}–${window.endsAt} added.` };
  } catch (error) {
    if (String(error).includes("UNIQUE")) {
      return { ok: false, field: "startsAt", message: `A window already starts at ${window.startsAt}.` };
    }
    throw error;
  }
}

/** A window's end and capacity; its coming slots take the new capacity (not below what they hold). */
export async function changeWindow(
  ctx: CalendarEditor,
  actorId: number,
  today: string,
  window: { startsAt: string; endsAt: string; capacity: number },
): Promise<CalendarEditResult> {
  const over = await overbookedSlot(ctx, today, window.startsAt, window.capacity);
  if (over) {
    return {
      ok: false,
      field: "capacity",
      message: `${over.booked} orders are already booked for ${window.startsAt} on ${longDay(over.date)}: enter at least ${over.booked}.`,
    };
  }
  const before = await ctx.db
    .select()
    .from(collectionWindows)
    .where(eq(collectionWindows.startsAt, window.startsAt))
    .get();
  if (!before) return { ok: false, field: null, message: "That window no longer exists." };
  await commit(ctx, [
    audit(ctx.db, actorId, "window-change", before, window),
    ctx.db
      .update(collectionWindows)
      .set({ endsAt: window.endsAt, capacity: window.capacity })
      .where(eq(collectionWindows.startsAt, window.startsAt)),
    ctx.db
      .update(slotBookings)
      .set({ capacity: window.capacity })
      .where(and(eq(slotBookings.slotTime, window.startsAt), gte(slotBookings.slotDate, today))),
  ]);
  return { ok: true, notice: `Collection window ${window.startsAt} saved.` };
}

/** Removes a window no coming order is booked in (those orders would lose their time). */
export async function removeWindow(
  ctx: CalendarEditor,
  actorId: number,
  today: string,
  startsAt: string,
): Promise<CalendarEditResult> {
  const held = await overbookedSlot(ctx, today, startsAt, 0);
  if (held) {
    return {
      ok: false,
      field: null,
      message: `Orders are booked for ${startsAt} on ${longDay(held.date)}: it can be removed once they are collected.`,
    };
  }
  const results = await commit(ctx, [
    audit(ctx.db, actorId, "window-remove", { startsAt }, null),
    ctx.db.delete(collectionWindows).where(eq(collectionWindows.startsAt, startsAt)),
  ]);
  return rowsChanged(results[1]) ? { ok: true, notice: `Collection window ${startsAt} removed.` } : { ok: true };
}

/** Shuts the shop on a date; orders already booked that day stay booked, and the notice says so. */
export async function addClosure(
  ctx: CalendarEditor,
  actorId: number,
  today: string,
  closure: { date: string; reason: string },
): Promise<CalendarEditResult> {
  if (closure.date < today) return { ok: false, field: "date", message: "Choose a day from today on." };
  await commit(ctx, [
    audit(ctx.db, actorId, "closure-add", null, closure),
    ctx.db
      .insert(closures)
      .values(closure)
      .onConflictDoUpdate({ target: closures.date, set: { reason: closure.reason } }),
  ]);
  const orderCount =
    (
      await ctx.db
        .select({ n: count() })
        .from(orders)
        .where(and(booked, eq(orders.slotDate, closure.date)))
        .get()
    )?.n ?? 0;
  const label = longDay(closure.date);
  return {
    ok: true,
    notice: orderCount
      ? `Shut on ${label}. ${orderCount} order${orderCount === 1 ? " is" : "s are"} already booked that day: they stay booked, so bake them or contact the customers.`
      : `Shut on ${label}.`,
  };
}

export async function removeClosure(ctx: CalendarEditor, actorId: number, date: string): Promise<CalendarEditResult> {
  await commit(ctx, [
    audit(ctx.db, actorId, "closure-remove", { date }, null),
    ctx.db.delete(closures).where(eq(closures.date, date)),
  ]);
  return { ok: true, notice: `Open again on ${longDay(date)} (if its weekday is open).` };
}

/** A bake day's menu opens for orders at `opensAt` (shop time, "2026-12-03T18:00"). */
export async function saveDrop(
  ctx: CalendarEditor,
  actorId: number,
  today: string,
  drop: { bakeDate: string; opensAt: string },
): Promise<CalendarEditResult> {
  if (drop.bakeDate < today) return { ok: false, field: "bakeDate", message: "Choose a bake day from today on." };
  await commit(ctx, [
    audit(ctx.db, actorId, "drop-save", null, drop),
    ctx.db
      .insert(drops)
      .values(drop)
      .onConflictDoUpdate({ target: drops.bakeDate, set: { opensAt: drop.opensAt } }),
  ]);
  return {
    ok: true,
    notice: `Orders for ${longDay(drop.bakeDate)} open ${longDay(drop.opensAt.slice(0, 10))} at ${drop.opensAt.slice(11)}.`,
  };
}

export async function removeDrop(ctx: CalendarEditor, actorId: number, bakeDate: string): Promise<CalendarEditResult> {
  await commit(ctx, [
    audit(ctx.db, actorId, "drop-remove", { bakeDate }, null),
    ctx.db.delete(drops).where(eq(drops.bakeDate, bakeDate)),
  ]);
  return { ok: true, notice: `Orders for ${longDay(bakeDate)} open as usual.` };
}

/** What the calendar page shows: the week, windows, coming closures (with orders booked) and drops. */
export async function loadCalendarPage(ctx: Pick<RequestContext, "db">, today: string) {
  const ordersOnDay = ctx.db
    .select({ date: orders.slotDate, n: count().as("n") })
    .from(orders)
    .where(and(booked, gte(orders.slotDate, today)))
    .groupBy(orders.slotDate)
    .as("orders_on_day");
  const [week, windows, shut, coming] = await ctx.db.batch([
    ctx.db.select().from(shopWeekdays).orderBy(asc(shopWeekdays.weekday)),
    ctx.db.select().from(collectionWindows).orderBy(asc(collectionWindows.startsAt)),
    ctx.db
      .select({ date: closures.date, reason: closures.reason, orders: sql<number>`coalesce(${ordersOnDay.n}, 0)` })
      .from(closures)
      .leftJoin(ordersOnDay, eq(ordersOnDay.date, closures.date))
      .where(gte(closures.date, today))
      .orderBy(asc(closures.date)),
    ctx.db.select().from(drops).where(gte(drops.bakeDate, today)).orderBy(asc(drops.bakeDate)),
  ]);
  return { week, windows, closures: shut, drops: coming };
}
