import { asc, inArray, type SQLWrapper, sql } from "drizzle-orm";
import { productOptions, productOptionValues } from "../../../database/schema";
import { SINGLE_LINE_TEXT } from "../../lib/plain-text";
import type { Database } from "../platform/db.server";
import { MESSAGE_MAX_LENGTH, type ProductOption } from "./options";

/** Some products' options with their values, in the order staff put them (one batch). */
export async function loadProductOptions(db: Database, productIds: readonly number[]) {
  const byProduct = new Map<number, ProductOption[]>();
  if (productIds.length === 0) return byProduct;
  const [options, values] = await db.batch([
    db
      .select()
      .from(productOptions)
      .where(inArray(productOptions.productId, [...productIds]))
      .orderBy(asc(productOptions.position), asc(productOptions.id)),
    // Only the values' own columns: D1 keys rows by column name, and both tables have id and position.
    db
      .select({
        id: productOptionValues.id,
        optionId: productOptionValues.optionId,
        label: productOptionValues.label,
        priceDeltaPence: productOptionValues.priceDeltaPence,
      })
      .from(productOptionValues)
      .where(
        inArray(
          productOptionValues.optionId,
          db
            .select({ id: productOptions.id })
            .from(productOptions)
            .where(inArray(productOptions.productId, [...productIds])),
        ),
      )
      .orderBy(asc(productOptionValues.position), asc(productOptionValues.id)),
  ]);
  for (const option of options) {
    const list = byProduct.get(option.productId) ?? [];
    list.push({
      id: option.id,
      name: option.name,
      kind: option.kind,
      plannedApart: option.plannedApart,
      values: values
        .filter((value) => value.optionId === option.id)
        .map((value) => ({ id: value.id, label: value.label, priceDeltaPence: value.priceDeltaPence })),
    });
    byProduct.set(option.productId, list);
  }
  return byProduct;
}

export type ChosenOptions =
  | { ok: true; choices: string; message: string }
  | { ok: false; field: "choices" | "message"; error: string };

/**
 * What a shopper chose, checked against the product's options: one value of every choice (no
 * value of another product's option, none twice), and a message only where the product takes
 * one, of printable characters. `choices` is the line's canonical key: value ids, ascending.
 */
export function resolveChoices(
  options: readonly ProductOption[],
  chosenIds: readonly number[],
  message: string,
): ChosenOptions {
  const picked = new Set(chosenIds);
  const ids: number[] = [];
  for (const option of options.filter((o) => o.kind === "choice")) {
    const value = option.values.find((v) => picked.has(v.id));
    if (!value) return { ok: false, field: "choices", error: `Choose a ${option.name.toLowerCase()}` };
    ids.push(value.id);
  }
  if (ids.length !== picked.size) return { ok: false, field: "choices", error: "Choose from the options shown" };
  const text = message.trim();
  const takesMessage = options.some((option) => option.kind === "message");
  if (text && !takesMessage) return { ok: false, field: "message", error: "This one can't carry a message" };
  if (text.length > MESSAGE_MAX_LENGTH) {
    return { ok: false, field: "message", error: `Use ${MESSAGE_MAX_LENGTH} characters or fewer` };
  }
  if (!SINGLE_LINE_TEXT.test(text))
    return { ok: false, field: "message", error: "Use letters, numbers and punctuation only" };
  return { ok: true, choices: ids.sort((a, b) => a - b).join(","), message: text };
}

/** SQL: whether an option value is among a line's `choices` ("3,7,12"). */
const isChosen = (choices: SQLWrapper) =>
  sql`(',' || ${choices} || ',') LIKE ('%,' || ${productOptionValues.id} || ',%')`;

/** SQL: what a line's chosen values add to the product's price, in pence. */
export function choicesPriceDelta(choices: SQLWrapper) {
  return sql<number>`coalesce((SELECT sum(${productOptionValues.priceDeltaPence}) FROM ${productOptionValues}
    WHERE ${isChosen(choices)}), 0)`;
}

/** SQL: a line's choices in words, "Size: 8 inch · Sliced: Yes" ("" for none), in the options' order. */
export function choicesText(choices: SQLWrapper) {
  return sql<string>`coalesce((SELECT group_concat(chosen, ' · ') FROM (
    SELECT ${productOptions.name} || ': ' || ${productOptionValues.label} AS chosen
    FROM ${productOptionValues} JOIN ${productOptions} ON ${productOptions.id} = ${productOptionValues.optionId}
    WHERE ${isChosen(choices)} ORDER BY ${productOptions.position}, ${productOptions.id})), '')`;
}

/**
 * SQL: which row of the plan a line is baked from (decision 017): the chosen value of its
 * product's option planned apart (a cake's size), or 0 when the product is planned as a whole.
 */
export function plannedVariant(productId: SQLWrapper, choices: SQLWrapper) {
  return sql<number>`coalesce((SELECT ${productOptionValues.id} FROM ${productOptionValues}
    JOIN ${productOptions} ON ${productOptions.id} = ${productOptionValues.optionId}
    WHERE ${productOptions.productId} = ${productId} AND ${productOptions.plannedApart} = 1
      AND ${isChosen(choices)}), 0)`;
}
