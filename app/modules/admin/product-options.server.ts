import { and, count, eq, ne, type SQL, sql } from "drizzle-orm";
import {
  auditLog,
  bakeOverrides,
  bakeSchedules,
  basketItems,
  dayHolds,
  orderItems,
  orders,
  productOptions,
  productOptionValues,
} from "../../../database/schema";
import { catalogChange, publishCatalogChange } from "../cache/catalog-changes.server";
import { MAX_OPTION_VALUES, MAX_OPTIONS } from "../catalog/options";
import { shopLocalDateTime } from "../checkout/slots";
import { batchableRun, type Database, insertWhere, rowsChanged, runBatch } from "../platform/db.server";
import { holdsItsBakeDay } from "../platform/hot-queries.server";
import type { RequestContext } from "../platform/request-context.server";

type OptionsEditor = Pick<RequestContext, "db" | "kv" | "env" | "logger" | "now">;

export type OptionEditResult = { ok: true; notice: string } | { ok: false; field: string | null; message: string };

/**
 * A change to a product's options changes what its basket lines mean (a choice added is one they
 * lack; a value removed is one they hold), so the product's lines leave every basket in the same
 * batch: shoppers choose again rather than buy what no longer exists. Audited on the product.
 */
async function commit(
  ctx: OptionsEditor,
  productId: number,
  actorId: number,
  action: string,
  detail: unknown,
  write: Parameters<typeof runBatch>[1],
) {
  const results = await runBatch(ctx.db, [
    ...write,
    ctx.db.insert(auditLog).values({
      entity: "product",
      entityId: productId,
      action,
      actorUserId: actorId,
      before: null,
      after: JSON.stringify(detail),
    }),
    ctx.db.delete(basketItems).where(eq(basketItems.productId, productId)),
    catalogChange(ctx.db),
  ]);
  await publishCatalogChange(ctx, results);
}

const optionOf = (db: Database, productId: number, optionId: number) =>
  db
    .select({
      id: productOptions.id,
      name: productOptions.name,
      kind: productOptions.kind,
      plannedApart: productOptions.plannedApart,
    })
    .from(productOptions)
    .where(and(eq(productOptions.id, optionId), eq(productOptions.productId, productId)))
    .get();

export async function addOption(
  ctx: OptionsEditor,
  actorId: number,
  productId: number,
  option: { name: string; kind: "choice" | "message" },
): Promise<OptionEditResult> {
  const existing = await ctx.db
    .select({ n: count(), messages: sql<number>`sum(${productOptions.kind} = 'message')` })
    .from(productOptions)
    .where(eq(productOptions.productId, productId))
    .get();
  if ((existing?.n ?? 0) >= MAX_OPTIONS) {
    return { ok: false, field: "name", message: `A product has at most ${MAX_OPTIONS} options.` };
  }
  if (option.kind === "message" && (existing?.messages ?? 0) > 0) {
    return { ok: false, field: "kind", message: "It already takes a message." };
  }
  try {
    await commit(ctx, productId, actorId, "option-add", option, [
      ctx.db
        .insert(productOptions)
        .values({ productId, name: option.name, kind: option.kind, position: existing?.n ?? 0 }),
    ]);
  } catch (error) {
    if (String(error).includes("UNIQUE"))
      return { ok: false, field: "name", message: "It already has an option by that name." };
    throw error;
  }
  return {
    ok: true,
    notice:
      option.kind === "choice" ? `Option "${option.name}" added: now give it its values.` : `"${option.name}" added.`,
  };
}

export async function removeOption(
  ctx: OptionsEditor,
  actorId: number,
  productId: number,
  optionId: number,
): Promise<OptionEditResult> {
  const option = await optionOf(ctx.db, productId, optionId);
  if (!option) return { ok: false, field: null, message: "That option no longer exists." };
  if (option.plannedApart) {
    // Its values are rows of the plan: planning them together first keeps the product's numbers.
    return {
      ok: false,
      field: null,
      message: `${option.name}'s values are planned apart: plan them together first (that keeps the product's numbers), then remove it.`,
    };
  }
  await commit(ctx, productId, actorId, "option-remove", option, [
    ctx.db.delete(productOptions).where(eq(productOptions.id, optionId)),
  ]);
  return { ok: true, notice: `Option "${option.name}" removed.` };
}

export async function addValue(
  ctx: OptionsEditor,
  actorId: number,
  productId: number,
  value: { optionId: number; label: string; priceDeltaPence: number },
): Promise<OptionEditResult> {
  const option = await optionOf(ctx.db, productId, value.optionId);
  if (option?.kind !== "choice") return { ok: false, field: null, message: "That option no longer exists." };
  const values = await ctx.db
    .select({ n: count() })
    .from(productOptionValues)
    .where(eq(productOptionValues.optionId, option.id))
    .get();
  if ((values?.n ?? 0) >= MAX_OPTION_VALUES) {
    return { ok: false, field: "label", message: `An option has at most ${MAX_OPTION_VALUES} values.` };
  }
  try {
    await commit(ctx, productId, actorId, "option-value-add", { option: option.name, ...value }, [
      ctx.db.insert(productOptionValues).values({ ...value, position: values?.n ?? 0 }),
    ]);
  } catch (error) {
    if (String(error).includes("UNIQUE"))
      return { ok: false, field: "label", message: `"${option.name}" already has that value.` };
    throw error;
  }
  return {
    ok: true,
    notice: option.plannedApart
      ? `"${value.label}" added to ${option.name}: set how many are baked in the production grid.`
      : `"${value.label}" added to ${option.name}.`,
  };
}

export async function removeValue(
  ctx: OptionsEditor,
  actorId: number,
  productId: number,
  valueId: number,
): Promise<OptionEditResult> {
  const value = await ctx.db
    .select({ id: productOptionValues.id, label: productOptionValues.label })
    .from(productOptionValues)
    .innerJoin(productOptions, eq(productOptions.id, productOptionValues.optionId))
    .where(and(eq(productOptionValues.id, valueId), eq(productOptions.productId, productId)))
    .get();
  if (!value) return { ok: false, field: null, message: "That value no longer exists." };
  // A value planned apart is a row of the plan: its numbers and counters go with it. Orders that
  // hold it stay orders (the bake list shows them by name).
  const row = { productId, variantId: valueId };
  await commit(ctx, productId, actorId, "option-value-remove", value, [
    ctx.db.delete(productOptionValues).where(eq(productOptionValues.id, valueId)),
    ctx.db
      .delete(bakeSchedules)
      .where(and(eq(bakeSchedules.productId, productId), eq(bakeSchedules.variantId, row.variantId))),
    ctx.db
      .delete(bakeOverrides)
      .where(and(eq(bakeOverrides.productId, productId), eq(bakeOverrides.variantId, row.variantId))),
    ctx.db.delete(dayHolds).where(and(eq(dayHolds.productId, productId), eq(dayHolds.variantId, row.variantId))),
  ]);
  return { ok: true, notice: `"${value.label}" removed.` };
}

/** SQL: orders for bake days from `today` hold some of the product (paid, or being paid for). */
const comingOrdersHold = (productId: number, today: string) => sql`EXISTS (SELECT 1 FROM ${orderItems}
  JOIN ${orders} ON ${orders.id} = ${orderItems.orderId}
  WHERE ${orderItems.productId} = ${productId} AND ${orders.slotDate} >= ${today} AND ${holdsItsBakeDay})`;

/**
 * The product's numbers as a whole, from its sizes': each weekday the sum of theirs, and each
 * coming date one of them has its own number for, the sum of what each bakes that date.
 */
function sumSizesIntoProduct(db: Database, productId: number, optionId: number, today: string, guard: SQL) {
  const sizes = sql`(SELECT ${productOptionValues.id} FROM ${productOptionValues} WHERE ${productOptionValues.optionId} = ${optionId})`;
  return [
    batchableRun(
      db,
      sql`INSERT INTO ${bakeSchedules} (product_id, variant_id, weekday, quantity)
      SELECT ${productId}, 0, weekday, sum(quantity) FROM ${bakeSchedules}
      WHERE product_id = ${productId} AND variant_id IN ${sizes} AND ${guard} GROUP BY weekday
      ON CONFLICT (product_id, variant_id, weekday) DO UPDATE SET quantity = excluded.quantity`,
    ),
    batchableRun(
      db,
      sql`INSERT INTO ${bakeOverrides} (product_id, variant_id, date, quantity)
      SELECT ${productId}, 0, day.date, sum(coalesce(own.quantity, usual.quantity, 0))
      FROM (SELECT DISTINCT date FROM ${bakeOverrides} WHERE product_id = ${productId} AND variant_id <> 0
        AND date >= ${today}) AS day
      CROSS JOIN ${sizes} AS size
      LEFT JOIN ${bakeOverrides} AS own ON own.product_id = ${productId} AND own.variant_id = size.id
        AND own.date = day.date
      LEFT JOIN ${bakeSchedules} AS usual ON usual.product_id = ${productId} AND usual.variant_id = size.id
        AND usual.weekday = CAST(strftime('%w', day.date) AS INTEGER)
      WHERE ${guard} GROUP BY day.date
      ON CONFLICT (product_id, variant_id, date) DO UPDATE SET quantity = excluded.quantity`,
    ),
  ];
}

/**
 * Plans a choice's values apart (each baked to its own number: its own row of the production
 * grid) or together again (decision 017). Apart, the sizes start unbaked until staff give them
 * numbers; together, the product bakes what its sizes did between them. Orders for coming days
 * were reserved against the plan as it is, so the change waits until none hold the product: every
 * statement carries that guard, so an order arriving meanwhile makes it a no-op, not a muddle.
 */
export async function setPlannedApart(
  ctx: OptionsEditor,
  actorId: number,
  productId: number,
  optionId: number,
  plannedApart: boolean,
): Promise<OptionEditResult> {
  const { db } = ctx;
  const option = await optionOf(db, productId, optionId);
  if (option?.kind !== "choice") return { ok: false, field: null, message: "That option no longer exists." };
  if (option.plannedApart === plannedApart) {
    return {
      ok: true,
      notice: plannedApart ? `${option.name} is planned apart.` : `${option.name} is planned together.`,
    };
  }
  const other = await db
    .select({ name: productOptions.name })
    .from(productOptions)
    .where(
      and(
        eq(productOptions.productId, productId),
        eq(productOptions.plannedApart, true),
        ne(productOptions.id, optionId),
      ),
    )
    .get();
  if (plannedApart && other) {
    return { ok: false, field: null, message: `Only one option can be planned apart, and ${other.name} is.` };
  }
  const today = shopLocalDateTime(ctx.now()).slice(0, 10);
  const free = sql`NOT ${comingOrdersHold(productId, today)}`;
  const switched = sql`${free} AND (SELECT ${productOptions.plannedApart} FROM ${productOptions}
    WHERE ${productOptions.id} = ${optionId}) = ${plannedApart ? 1 : 0}`;
  const ofProduct = (table: typeof bakeSchedules | typeof bakeOverrides | typeof dayHolds) =>
    eq(table.productId, productId);
  const planRows = plannedApart
    ? [
        db.delete(bakeSchedules).where(and(ofProduct(bakeSchedules), switched)),
        db.delete(bakeOverrides).where(and(ofProduct(bakeOverrides), switched)),
      ]
    : [
        ...sumSizesIntoProduct(db, productId, optionId, today, switched),
        db.delete(bakeSchedules).where(and(ofProduct(bakeSchedules), ne(bakeSchedules.variantId, 0), switched)),
        db.delete(bakeOverrides).where(and(ofProduct(bakeOverrides), ne(bakeOverrides.variantId, 0), switched)),
      ];
  const results = await runBatch(db, [
    db
      .update(productOptions)
      .set({ plannedApart })
      .where(and(eq(productOptions.id, optionId), eq(productOptions.plannedApart, !plannedApart), free)),
    ...planRows,
    // The counters are rebuilt from orders on the next reservation, in the new shape.
    db.delete(dayHolds).where(and(ofProduct(dayHolds), switched)),
    insertWhere(
      db,
      auditLog,
      {
        entity: "product",
        entityId: productId,
        action: plannedApart ? "option-planned-apart" : "option-planned-together",
        actorUserId: actorId,
        before: null,
        after: JSON.stringify({ option: option.name }),
      },
      { where: switched },
    ),
    catalogChange(db, switched),
  ]);
  if (rowsChanged(results[0]) !== 1) {
    return {
      ok: false,
      field: null,
      message: "Orders for coming bake days hold this product: change how it is planned once they have been baked.",
    };
  }
  await publishCatalogChange(ctx, results);
  return {
    ok: true,
    notice: plannedApart
      ? `${option.name} is planned apart: set how many of each are baked in the production grid. Until then it isn't on sale.`
      : `${option.name} is planned together: the product bakes what its values did between them.`,
  };
}
