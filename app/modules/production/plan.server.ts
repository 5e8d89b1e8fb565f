import { and, between, eq, inArray, type SQL, sql, sum } from "drizzle-orm";
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
  products,
  shopWeekdays,
} from "../../../database/schema";
import type { RequestContext } from "../platform/request-context.server";
import { type CapacityGroupPlan, type ProductPlan, type ProductPlanContext, salesKey } from "./availability";

/**
 * An order holds its lines' share of its bake day's plan until its reservation is released
 * (abandoned or expired) or, once paid, until it is cancelled and its stock returned.
 */
export const holdsItsBakeDay: SQL = and(eq(orders.reservationReleased, false), eq(orders.stockReturned, false)) as SQL;

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
  const [week, shut, productRows, weekdays, overrides, memberships, limits, dropRows, sold, groupSold] = await db.batch(
    [
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
        })
        .from(products)
        .where(and(eq(products.status, "active"), chosen(products.id))),
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
      db
        .select({
          productId: orderItems.productId,
          date: orders.slotDate,
          quantity: sum(orderItems.quantity).mapWith(Number),
        })
        .from(orderItems)
        .innerJoin(orders, eq(orders.id, orderItems.orderId))
        .where(and(holdsItsBakeDay, between(orders.slotDate, dates.from, dates.to), chosen(orderItems.productId)))
        .groupBy(orderItems.productId, orders.slotDate),
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
    ],
  );

  const groups = new Map<number, CapacityGroupPlan>();
  for (const limit of limits) {
    const group = groups.get(limit.groupId) ?? { id: limit.groupId, name: limit.name, weekdayCapacities: new Map() };
    if (limit.weekday !== null && limit.capacity !== null) {
      (group.weekdayCapacities as Map<number, number>).set(limit.weekday, limit.capacity);
    }
    groups.set(limit.groupId, group);
  }
  const plans = new Map<number, ProductPlan>();
  for (const product of productRows) {
    plans.set(product.id, {
      productId: product.id,
      orderDeadlineMinutes: product.orderDeadlineMinutes,
      sellFrom: product.sellFrom,
      sellUntil: product.sellUntil,
      weekdayQuantities: new Map(
        weekdays.filter((row) => row.productId === product.id).map((row) => [row.weekday, row.quantity]),
      ),
      overrides: new Map(
        overrides.filter((row) => row.productId === product.id).map((row) => [row.date, row.quantity]),
      ),
      groupIds: memberships.filter((row) => row.productId === product.id).map((row) => row.groupId),
    });
  }
  const context: ProductPlanContext = {
    week: {
      openWeekdays: new Set(week.map((row) => row.weekday)),
      closures: new Map(shut.map((row) => [row.date, row.reason])),
    },
    groups,
    sales: {
      product: new Map(sold.map((row) => [salesKey(row.productId, row.date), row.quantity])),
      group: new Map(groupSold.map((row) => [salesKey(row.groupId, row.date), row.quantity])),
    },
    drops: new Map(dropRows.map((row) => [row.bakeDate, row.opensAt])),
  };
  return { context, plans };
}

/** A LoadedPlan as JSON can carry it (for the catalogue cache): Maps and Sets as entry lists. */
export type PlanSnapshot = {
  plans: (Omit<ProductPlan, "weekdayQuantities" | "overrides"> & {
    weekdayQuantities: [number, number][];
    overrides: [string, number][];
  })[];
  openWeekdays: number[];
  closures: [string, string][];
  groups: (Omit<CapacityGroupPlan, "weekdayCapacities"> & { weekdayCapacities: [number, number][] })[];
  productSales: [string, number][];
  groupSales: [string, number][];
  drops: [string, string][];
};

export function toSnapshot({ context, plans }: LoadedPlan): PlanSnapshot {
  return {
    plans: [...plans.values()].map((plan) => ({
      ...plan,
      weekdayQuantities: [...plan.weekdayQuantities],
      overrides: [...plan.overrides],
    })),
    openWeekdays: [...context.week.openWeekdays],
    closures: [...context.week.closures],
    groups: [...context.groups.values()].map((group) => ({
      ...group,
      weekdayCapacities: [...group.weekdayCapacities],
    })),
    productSales: [...context.sales.product],
    groupSales: [...context.sales.group],
    drops: [...context.drops],
  };
}

export function fromSnapshot(snapshot: PlanSnapshot): LoadedPlan {
  return {
    plans: new Map(
      snapshot.plans.map((plan) => [
        plan.productId,
        { ...plan, weekdayQuantities: new Map(plan.weekdayQuantities), overrides: new Map(plan.overrides) },
      ]),
    ),
    context: {
      week: { openWeekdays: new Set(snapshot.openWeekdays), closures: new Map(snapshot.closures) },
      groups: new Map(
        snapshot.groups.map((group) => [group.id, { ...group, weekdayCapacities: new Map(group.weekdayCapacities) }]),
      ),
      sales: { product: new Map(snapshot.productSales), group: new Map(snapshot.groupSales) },
      drops: new Map(snapshot.drops),
    },
  };
}
