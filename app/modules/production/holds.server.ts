import { and, eq, getTableName, inArray, ne, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  bakeOverrides,
  bakeSchedules,
  capacityGroupLimits,
  capacityGroupProducts,
  dayHolds,
  groupDayHolds,
  orderItems,
  orders,
} from "../../../database/schema";
import { type Database, insertWhere } from "../platform/db.server";
import { holdsItsBakeDay } from "../platform/hot-queries.server";

/** FROM/WHERE: an order's lines baked from the `day_holds` row being updated (its product and variant). */
const orderLinesOf = (orderId: SQL) => sql`FROM ${orderItems} WHERE ${orderItems.orderId} = ${orderId}
  AND ${orderItems.productId} = ${dayHolds.productId} AND ${orderItems.variantId} = ${dayHolds.variantId}`;

/** SQLite's weekday of a shop date, 0 = Sunday, as the plan's weekday columns count. */
const weekdayOf = (date: SQL | string) => sql`CAST(strftime('%w', ${date}) AS INTEGER)`;

/**
 * The reservation's part of checkout (decision 017): the order's lines held against their bake
 * day's plan and every capacity group they belong to. Counter rows are created on first use from
 * the plan and what other orders already hold, then the order's quantities are added; the CHECKs
 * (`day_holds_within_plan`, `group_day_holds_within_capacity`) make an oversell fail the whole
 * batch, so concurrent checkouts can never take more than a day's plan. `order` picks the order
 * (its id, as a subquery while the batch is still writing it).
 */
export function holdBakeDayStatements(db: Database, order: { id: SQL; number: string; bakeDate: string }) {
  const { bakeDate } = order;
  const linesOfOrder = db
    .select({ productId: orderItems.productId })
    .from(orderItems)
    .where(eq(orderItems.orderId, order.id));
  const otherHolding = and(holdsItsBakeDay, eq(orders.slotDate, bakeDate), ne(orders.number, order.number));
  const heldByOthers = (productId: SQL, variantId: SQL) => sql`(SELECT coalesce(sum(${orderItems.quantity}), 0)
    FROM ${orderItems} JOIN ${orders} ON ${orders.id} = ${orderItems.orderId}
    WHERE ${orderItems.productId} = ${productId} AND ${orderItems.variantId} = ${variantId} AND ${otherHolding})`;
  const plannedFor = (productId: SQL, variantId: SQL) => sql`coalesce(
    (SELECT ${bakeOverrides.quantity} FROM ${bakeOverrides} WHERE ${bakeOverrides.productId} = ${productId}
      AND ${bakeOverrides.variantId} = ${variantId} AND ${bakeOverrides.date} = ${bakeDate}),
    (SELECT ${bakeSchedules.quantity} FROM ${bakeSchedules} WHERE ${bakeSchedules.productId} = ${productId}
      AND ${bakeSchedules.variantId} = ${variantId} AND ${bakeSchedules.weekday} = ${weekdayOf(bakeDate)}),
    0)`;
  // The order's own lines, under their own name: the subqueries above read order_items too.
  const line = alias(orderItems, "line");
  const groupsOfOrder = db
    .select({ groupId: capacityGroupProducts.groupId })
    .from(capacityGroupProducts)
    .where(inArray(capacityGroupProducts.productId, linesOfOrder));
  const groupHeldByOthers = sql`(SELECT coalesce(sum(${orderItems.quantity}), 0) FROM ${orderItems}
    JOIN ${orders} ON ${orders.id} = ${orderItems.orderId}
    JOIN ${capacityGroupProducts} AS member ON member.product_id = ${orderItems.productId}
    WHERE member.group_id = ${capacityGroupLimits.groupId} AND ${otherHolding})`;
  return [
    insertWhere(
      db,
      dayHolds,
      {
        productId: line.productId,
        variantId: line.variantId,
        bakeDate,
        planned: plannedFor(sql`${line.productId}`, sql`${line.variantId}`),
        held: heldByOthers(sql`${line.productId}`, sql`${line.variantId}`),
      },
      {
        from: sql`${sql.identifier(getTableName(orderItems))} AS ${sql.identifier("line")}`,
        where: eq(line.orderId, order.id),
        onConflict: sql`DO NOTHING`,
      },
    ),
    db
      .update(dayHolds)
      .set({ held: sql`${dayHolds.held} + (SELECT sum(${orderItems.quantity}) ${orderLinesOf(order.id)})` })
      .where(and(eq(dayHolds.bakeDate, bakeDate), sql`EXISTS (SELECT 1 ${orderLinesOf(order.id)})`)),
    insertWhere(
      db,
      groupDayHolds,
      {
        groupId: capacityGroupLimits.groupId,
        bakeDate,
        capacity: capacityGroupLimits.capacity,
        held: groupHeldByOthers,
      },
      {
        from: sql`${capacityGroupLimits}`,
        where: and(
          inArray(capacityGroupLimits.groupId, groupsOfOrder),
          eq(capacityGroupLimits.weekday, weekdayOf(bakeDate)),
        ) as SQL,
        onConflict: sql`DO NOTHING`,
      },
    ),
    db
      .update(groupDayHolds)
      .set({
        held: sql`${groupDayHolds.held} + (SELECT coalesce(sum(${orderItems.quantity}), 0) FROM ${orderItems}
          JOIN ${capacityGroupProducts} ON ${capacityGroupProducts.productId} = ${orderItems.productId}
          WHERE ${orderItems.orderId} = ${order.id} AND ${capacityGroupProducts.groupId} = ${groupDayHolds.groupId})`,
      })
      .where(and(eq(groupDayHolds.bakeDate, bakeDate), inArray(groupDayHolds.groupId, groupsOfOrder))),
  ];
}

/**
 * Gives an order's holds back on its bake day, while `onlyIf` holds (the caller's exactly-once
 * guard: reservation not yet released, stock not yet returned). Rows that do not exist yet need
 * nothing: they are created from what orders hold when first used.
 */
export function releaseBakeDayStatements(db: Database, orderId: number, onlyIf: SQL) {
  const bakeDate = sql`(SELECT ${orders.slotDate} FROM ${orders} WHERE ${orders.id} = ${orderId})`;
  const linesOfOrder = db
    .select({ productId: orderItems.productId })
    .from(orderItems)
    .where(eq(orderItems.orderId, orderId));
  const groupsOfOrder = db
    .select({ groupId: capacityGroupProducts.groupId })
    .from(capacityGroupProducts)
    .where(inArray(capacityGroupProducts.productId, linesOfOrder));
  return [
    db
      .update(dayHolds)
      .set({ held: sql`${dayHolds.held} - (SELECT sum(${orderItems.quantity}) ${orderLinesOf(sql`${orderId}`)})` })
      .where(and(eq(dayHolds.bakeDate, bakeDate), sql`EXISTS (SELECT 1 ${orderLinesOf(sql`${orderId}`)})`, onlyIf)),
    db
      .update(groupDayHolds)
      .set({
        held: sql`${groupDayHolds.held} - (SELECT coalesce(sum(${orderItems.quantity}), 0) FROM ${orderItems}
          JOIN ${capacityGroupProducts} ON ${capacityGroupProducts.productId} = ${orderItems.productId}
          WHERE ${orderItems.orderId} = ${orderId} AND ${capacityGroupProducts.groupId} = ${groupDayHolds.groupId})`,
      })
      .where(and(eq(groupDayHolds.bakeDate, bakeDate), inArray(groupDayHolds.groupId, groupsOfOrder), onlyIf)),
  ];
}
