import { and, asc, between, eq, inArray, sql, sum } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  bakeOverrides,
  bakeSchedules,
  capacityGroupLimits,
  capacityGroupProducts,
  capacityGroups,
  closures,
  drops,
  orderItems,
  orders,
  productOptions,
  productOptionValues,
  products,
  shopWeekdays,
} from "../../../database/schema";
import { qualified } from "../platform/db.server";
import { heldPerBakeDay, holdsItsBakeDay } from "../platform/hot-queries.server";
import type { RequestContext } from "../platform/request-context.server";
import {
  type CapacityGroupPlan,
  type PlanQuantities,
  type ProductPlan,
  type ProductPlanContext,
  salesKey,
  variantSalesKey,
} from "./availability";

export type LoadedPlan = { context: ProductPlanContext; plans: Map<number, ProductPlan> };

/**
 * The plan and what is sold for some products (all active ones when `productIds` is omitted) over
 * bake dates `from`…`to`: one D1 batch, one round trip. The id list is bound as parameters, so a
 * caller passes a page's or a basket's products (D1 allows 100 bound parameters a query).
 */
export async function loadPlan(
  ctx: Pick<RequestContext, "db">,
  dates: { from: string; to: string },
  productIds?: readonly number[],
): Promise<LoadedPlan> {
  const { db } = ctx;
  const chosen = (column: SQLiteColumn) => (productIds ? inArray(column, [...productIds]) : sql`1`);
  const groupsOfChosen = db
    .select({ groupId: capacityGroupProducts.groupId })
    .from(capacityGroupProducts)
    .where(chosen(capacityGroupProducts.productId));
  const [week, shut, productRows, variantRows, weekdays, overrides, memberships, limits, dropRows, sold, groupSold] =
    await db.batch([
      db.select({ weekday: shopWeekdays.weekday }).from(shopWeekdays).where(eq(shopWeekdays.open, true)),
      db
        .select()
        .from(closures)
        .where(between(closures.date, dates.from, dates.to)),
      db
        .select({
          id: products.id,
          orderDeadlineMinutes: products.orderDeadlineMinutes,
          sellFrom: products.sellFrom,
          sellUntil: products.sellUntil,
          plannedApart: sql<number>`EXISTS (SELECT 1 FROM ${productOptions}
            WHERE ${productOptions.productId} = ${qualified(products.id)} AND ${productOptions.plannedApart} = 1)`.as(
            "planned_apart",
          ),
        })
        .from(products)
        .where(and(eq(products.status, "active"), chosen(products.id))),
      // The values of options planned apart: each is its own row of the plan.
      db
        .select({
          productId: productOptions.productId,
          id: sql<number>`${productOptionValues.id}`.as("variant_id"),
          label: productOptionValues.label,
        })
        .from(productOptionValues)
        .innerJoin(productOptions, eq(productOptions.id, productOptionValues.optionId))
        .where(and(eq(productOptions.plannedApart, true), chosen(productOptions.productId)))
        .orderBy(asc(productOptionValues.position), asc(productOptionValues.id)),
      db.select().from(bakeSchedules).where(chosen(bakeSchedules.productId)),
      db
        .select()
        .from(bakeOverrides)
        .where(and(chosen(bakeOverrides.productId), between(bakeOverrides.date, dates.from, dates.to))),
      db.select().from(capacityGroupProducts).where(chosen(capacityGroupProducts.productId)),
      db
        .select({
          groupId: capacityGroups.id,
          name: capacityGroups.name,
          weekday: capacityGroupLimits.weekday,
          capacity: capacityGroupLimits.capacity,
        })
        .from(capacityGroups)
        .leftJoin(capacityGroupLimits, eq(capacityGroupLimits.groupId, capacityGroups.id))
        .where(inArray(capacityGroups.id, groupsOfChosen)),
      db
        .select()
        .from(drops)
        .where(between(drops.bakeDate, dates.from, dates.to)),
      heldPerBakeDay(db, dates, productIds),
      db
        .select({
          groupId: capacityGroupProducts.groupId,
          date: orders.slotDate,
          quantity: sum(orderItems.quantity).mapWith(Number),
        })
        .from(orderItems)
        .innerJoin(orders, eq(orders.id, orderItems.orderId))
        .innerJoin(capacityGroupProducts, eq(capacityGroupProducts.productId, orderItems.productId))
        .where(
          and(
            holdsItsBakeDay,
            between(orders.slotDate, dates.from, dates.to),
            inArray(capacityGroupProducts.groupId, groupsOfChosen),
          ),
        )
        .groupBy(capacityGroupProducts.groupId, orders.slotDate),
    ]);

  const groups = new Map<number, CapacityGroupPlan>();
  for (const limit of limits) {
    const group = groups.get(limit.groupId) ?? { id: limit.groupId, name: limit.name, weekdayCapacities: new Map() };
    if (limit.weekday !== null && limit.capacity !== null) {
      (group.weekdayCapacities as Map<number, number>).set(limit.weekday, limit.capacity);
    }
    groups.set(limit.groupId, group);
  }
  const quantitiesOf = (productId: number, variantId: number): PlanQuantities => ({
    weekdayQuantities: new Map(
      weekdays
        .filter((row) => row.productId === productId && row.variantId === variantId)
        .map((row) => [row.weekday, row.quantity]),
    ),
    overrides: new Map(
      overrides
        .filter((row) => row.productId === productId && row.variantId === variantId)
        .map((row) => [row.date, row.quantity]),
    ),
  });
  const plans = new Map<number, ProductPlan>();
  for (const product of productRows) {
    plans.set(product.id, {
      productId: product.id,
      orderDeadlineMinutes: product.orderDeadlineMinutes,
      sellFrom: product.sellFrom,
      sellUntil: product.sellUntil,
      ...quantitiesOf(product.id, 0),
      groupIds: memberships.filter((row) => row.productId === product.id).map((row) => row.groupId),
      plannedApart: Boolean(product.plannedApart),
      variants: variantRows
        .filter((row) => row.productId === product.id)
        .map((row) => ({ id: row.id, label: row.label, ...quantitiesOf(product.id, row.id) })),
    });
  }
  const productSold = new Map<string, number>();
  for (const row of sold) {
    const key = salesKey(row.productId, row.date);
    productSold.set(key, (productSold.get(key) ?? 0) + row.quantity);
  }
  const context: ProductPlanContext = {
    week: {
      openWeekdays: new Set(week.map((row) => row.weekday)),
      closures: new Map(shut.map((row) => [row.date, row.reason])),
    },
    groups,
    sales: {
      product: productSold,
      variant: new Map(
        sold.flatMap((row) =>
          row.variantId === 0 ? [] : [[variantSalesKey(row.productId, row.variantId, row.date), row.quantity]],
        ),
      ),
      group: new Map(groupSold.map((row) => [salesKey(row.groupId, row.date), row.quantity])),
    },
    drops: new Map(dropRows.map((row) => [row.bakeDate, row.opensAt])),
  };
  return { context, plans };
}
