import { and, asc, countDistinct, desc, eq, gt, inArray, ne, type SQLWrapper, sql } from "drizzle-orm";
import { orderItems, orders, products } from "../../../database/schema";
import type { RequestContext } from "../platform/request-context.server";
import { productPlanned } from "./availability";
import { allergensNotInIngredients, bestBefore, emphasiseAllergens } from "./labels";
import { loadPlan } from "./plan.server";

type BakeListContext = Pick<RequestContext, "db">;

/** Orders the bakery bakes for: paid, not cancelled (a full refund makes them 'refunded'). */
const toBake = (date: string) =>
  and(eq(orders.slotDate, date), eq(orders.status, "paid"), ne(orders.fulfilmentStatus, "cancelled"));
/** Bank payments still on their way: the bakery decides whether to bake them (the dashboard says so). */
const awaitingPayment = (date: string) =>
  and(eq(orders.slotDate, date), eq(orders.status, "awaiting_payment"), eq(orders.reservationReleased, false));
const total = (column: SQLWrapper) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);

/** The next `count` days after `after` that have paid orders to bake, soonest first. */
export async function nextDaysWithOrders(ctx: BakeListContext, after: string, count: number): Promise<string[]> {
  const rows = await ctx.db
    .selectDistinct({ date: orders.slotDate })
    .from(orders)
    .where(and(gt(orders.slotDate, after), eq(orders.status, "paid"), ne(orders.fulfilmentStatus, "cancelled")))
    .orderBy(asc(orders.slotDate))
    .limit(count);
  return rows.map((row) => row.date);
}

/** What to bake for one day's paid orders, per product, and how those orders spread over slots. */
export async function bakeTotals(ctx: BakeListContext, date: string) {
  const quantity = total(orderItems.quantity);
  const [bake, slots] = await ctx.db.batch([
    ctx.db
      .select({ productId: orderItems.productId, name: orderItems.name, quantity, orders: countDistinct(orders.id) })
      .from(orderItems)
      .innerJoin(orders, eq(orders.id, orderItems.orderId))
      .where(toBake(date))
      .groupBy(orderItems.productId)
      .orderBy(desc(quantity), asc(orderItems.name)),
    ctx.db
      .select({
        slotTime: orders.slotTime,
        fulfilment: orders.fulfilment,
        orders: countDistinct(orders.id),
        items: total(orderItems.quantity),
      })
      .from(orders)
      .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
      .where(toBake(date))
      .groupBy(orders.slotTime, orders.fulfilment)
      .orderBy(asc(orders.slotTime)),
  ]);
  return { date, bake, slots };
}

export type BakeTotals = Awaited<ReturnType<typeof bakeTotals>>;

/**
 * The bake room's list for one day (printable on A4): per product, what paid orders need, what
 * bank payments still on their way would add, and what the plan says; then every order by its
 * slot, with who collects it, how to reach them and what is in it. One plan load and one batch.
 */
export async function loadBakeList(ctx: BakeListContext, date: string) {
  const [{ context, plans }, [lines, waiting, names]] = await Promise.all([
    loadPlan(ctx, { from: date, to: date }),
    ctx.db.batch([
      ctx.db
        .select({
          orderId: orders.id,
          number: orders.number,
          status: orders.status,
          name: orders.name,
          phone: orders.phone,
          fulfilment: orders.fulfilment,
          slotTime: orders.slotTime,
          address: orders.deliveryAddress,
          postcode: orders.deliveryPostcode,
          productId: orderItems.productId,
          // Aliased: D1 returns rows keyed by column name, and orders.name is selected too.
          item: sql<string>`${orderItems.name}`.as("item_name"),
          quantity: orderItems.quantity,
          message: orderItems.message,
        })
        .from(orders)
        .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
        .where(
          and(
            eq(orders.slotDate, date),
            inArray(orders.status, ["paid", "awaiting_payment"]),
            ne(orders.fulfilmentStatus, "cancelled"),
          ),
        )
        .orderBy(asc(orders.slotTime), asc(orders.name), asc(orders.id), asc(orderItems.id)),
      ctx.db
        .select({ productId: orderItems.productId, quantity: total(orderItems.quantity) })
        .from(orderItems)
        .innerJoin(orders, eq(orders.id, orderItems.orderId))
        .where(awaitingPayment(date))
        .groupBy(orderItems.productId),
      ctx.db.select({ id: products.id, name: products.name }).from(products),
    ]),
  ]);
  const productName = new Map(names.map((row) => [row.id, row.name]));
  const paidLines = lines.filter((line) => line.status === "paid");
  const paid = new Map<number, number>();
  // Per product, how many of each set of options (the line's name carries them).
  const variants = new Map<number, Map<string, number>>();
  for (const line of paidLines) {
    paid.set(line.productId, (paid.get(line.productId) ?? 0) + line.quantity);
    const byName = variants.get(line.productId) ?? new Map<string, number>();
    byName.set(line.item, (byName.get(line.item) ?? 0) + line.quantity);
    variants.set(line.productId, byName);
  }
  const onTheirWay = new Map(waiting.map((row) => [row.productId, row.quantity]));
  const productIds = new Set([
    ...paid.keys(),
    ...onTheirWay.keys(),
    ...[...plans.values()].filter((plan) => productPlanned(plan, date) > 0).map((plan) => plan.productId),
  ]);
  const totals = [...productIds]
    .map((productId) => {
      const plan = plans.get(productId);
      return {
        productId,
        name: productName.get(productId) ?? "",
        paid: paid.get(productId) ?? 0,
        awaitingPayment: onTheirWay.get(productId) ?? 0,
        planned: plan ? productPlanned(plan, date) : 0,
        // Only worth listing when some line carries options.
        options: [...(variants.get(productId) ?? [])]
          .filter(([name]) => name !== productName.get(productId))
          .map(([name, quantity]) => ({ name, quantity })),
      };
    })
    .sort((a, b) => b.paid - a.paid || a.name.localeCompare(b.name));

  const byOrder = new Map<number, BakeListOrder>();
  for (const line of lines) {
    const order = byOrder.get(line.orderId) ?? {
      number: line.number,
      awaitingPayment: line.status === "awaiting_payment",
      name: line.name,
      phone: line.phone,
      fulfilment: line.fulfilment,
      slotTime: line.slotTime,
      address: line.fulfilment === "delivery" ? [line.address, line.postcode].filter(Boolean).join(", ") : null,
      lines: [],
    };
    order.lines.push({ name: line.item, quantity: line.quantity, message: line.message });
    byOrder.set(line.orderId, order);
  }
  const slots = new Map<string, BakeListOrder[]>();
  for (const order of byOrder.values()) slots.set(order.slotTime, [...(slots.get(order.slotTime) ?? []), order]);
  return {
    date,
    closure: context.week.closures.get(date) ?? null,
    totals,
    slots: [...slots].map(([slotTime, slotOrders]) => ({ slotTime, orders: slotOrders })),
  };
}

export type BakeListOrder = {
  number: string;
  awaitingPayment: boolean;
  name: string;
  phone: string;
  fulfilment: "collection" | "delivery";
  slotTime: string;
  address: string | null;
  lines: { name: string; quantity: number; message: string }[];
};

export type BakeList = Awaited<ReturnType<typeof loadBakeList>>;

/**
 * One label per item in the day's paid orders (a dozen buns, twelve labels), for products
 * packed before they are handed over: name, full ingredients with the allergens emphasised, net
 * weight, best-before date and the bakery's name and address come from the product as the shop
 * shows it; the order number and name say whose bag it goes in.
 */
export async function loadLabels(ctx: BakeListContext, date: string) {
  const rows = await ctx.db
    .select({
      number: orders.number,
      customer: sql<string>`${orders.name}`.as("customer_name"),
      slotTime: orders.slotTime,
      name: orderItems.name,
      quantity: orderItems.quantity,
      message: orderItems.message,
      ingredients: products.ingredients,
      allergens: products.allergens,
      weightGrams: products.weightGrams,
      shelfLifeDays: products.shelfLifeDays,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(products, eq(products.id, orderItems.productId))
    .where(toBake(date))
    .orderBy(asc(orders.slotTime), asc(orders.name), asc(orders.id), asc(orderItems.id));
  return rows.flatMap((row, line) =>
    Array.from({ length: row.quantity }, (_, copy) => ({
      key: `${line}-${copy}`,
      number: row.number,
      customer: row.customer,
      name: row.name,
      message: row.message,
      ingredients: emphasiseAllergens(row.ingredients),
      alsoContains: allergensNotInIngredients(row.ingredients, row.allergens),
      weightGrams: row.weightGrams,
      bestBefore: bestBefore(date, row.shelfLifeDays),
    })),
  );
}

export type Label = Awaited<ReturnType<typeof loadLabels>>[number];
