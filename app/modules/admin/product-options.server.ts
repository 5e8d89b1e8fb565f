import { and, count, eq, sql } from "drizzle-orm";
import { auditLog, basketItems, productOptions, productOptionValues } from "../../../database/schema";
import { catalogChange, publishCatalogChange } from "../cache/catalog-changes.server";
import { MAX_OPTION_VALUES, MAX_OPTIONS } from "../catalog/options";
import { type Database, runBatch } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

type OptionsEditor = Pick<RequestContext, "db" | "kv" | "env" | "logger">;

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
    .select({ id: productOptions.id, name: productOptions.name, kind: productOptions.kind })
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
  return { ok: true, notice: `"${value.label}" added to ${option.name}.` };
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
  await commit(ctx, productId, actorId, "option-value-remove", value, [
    ctx.db.delete(productOptionValues).where(eq(productOptionValues.id, valueId)),
  ]);
  return { ok: true, notice: `"${value.label}" removed.` };
}
