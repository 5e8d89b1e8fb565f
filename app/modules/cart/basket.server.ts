import { and, asc, eq, sql, sum } from "drizzle-orm";
import { basketItems, baskets, products } from "../../../database/schema";
import {
  choicesPriceDelta,
  choicesText,
  loadProductOptions,
  plannedVariant,
  resolveChoices,
} from "../catalog/options.server";
import { firstImage, firstImageColumns, isFirstImageOf } from "../media/first-image.server";
import { type ImageView, imageFromColumns } from "../media/image-view";
import type { RequestContext } from "../platform/request-context.server";

type BasketContext = Pick<RequestContext, "db">;

export type BasketLine = {
  /** The line's own id: a product can be in the basket twice, with different options. */
  lineId: number;
  productId: number;
  /** The plan row it is baked from: its value of an option planned apart (a cake's size), else 0. */
  variantId: number;
  slug: string;
  name: string;
  /** The options chosen, in words ("Size: 8 inch · Sliced: Yes"), "" for none. */
  options: string;
  /** The personal message asked for, "" for none. */
  message: string;
  /** Each, with what the options add. */
  pricePence: number;
  currency: string;
  quantity: number;
  /** The product's per-order maximum: the most this line may hold. */
  maxPerOrder: number;
  /** How long before a bake day its orders close, in minutes (the product's notice). */
  noticeMinutes: number;
  lineTotalPence: number;
  image: ImageView | null;
};

export type Basket = {
  lines: BasketLine[];
  itemCount: number;
  subtotalPence: number;
  currency: string;
  /** The bake day the shopper chose (shop date), if any; checkout starts from it. */
  bakeDate: string | null;
  /** A promotion code the shopper entered, checked when entered and again at checkout. */
  promotionCode: string | null;
};

export const EMPTY_BASKET: Basket = {
  lines: [],
  itemCount: 0,
  subtotalPence: 0,
  currency: "GBP",
  bakeDate: null,
  promotionCode: null,
};

/** Prices always come from the products table, never from the form or a cached page. */
export async function loadBasket(ctx: BasketContext, basketId: string | null): Promise<Basket> {
  if (!basketId) return EMPTY_BASKET;
  const [rows, chosen] = await ctx.db.batch([
    ctx.db
      .select({
        // Aliased: D1 returns rows keyed by column name, and products.id is selected too.
        lineId: sql<number>`${basketItems.id}`.as("line_id"),
        productId: products.id,
        variantId: plannedVariant(products.id, basketItems.choices).as("variant_id"),
        slug: products.slug,
        name: products.name,
        options: choicesText(basketItems.choices).as("options"),
        message: basketItems.message,
        pricePence: sql<number>`${products.pricePence} + ${choicesPriceDelta(basketItems.choices)}`.as("unit_price"),
        currency: products.currency,
        maxPerOrder: products.maxPerOrder,
        noticeMinutes: products.orderDeadlineMinutes,
        quantity: basketItems.quantity,
        ...firstImageColumns,
      })
      .from(basketItems)
      .innerJoin(products, and(eq(products.id, basketItems.productId), eq(products.status, "active")))
      .leftJoin(firstImage, isFirstImageOf(products.id))
      .where(eq(basketItems.basketId, basketId))
      .orderBy(asc(basketItems.addedAt), asc(basketItems.id)),
    ctx.db
      .select({ bakeDate: baskets.bakeDate, promotionCode: baskets.promotionCode })
      .from(baskets)
      .where(eq(baskets.id, basketId)),
  ]);
  const lines = rows.map((r) => ({
    lineId: r.lineId,
    productId: r.productId,
    variantId: r.variantId,
    slug: r.slug,
    name: r.name,
    options: r.options,
    message: r.message,
    pricePence: r.pricePence,
    currency: r.currency,
    quantity: r.quantity,
    maxPerOrder: r.maxPerOrder,
    noticeMinutes: r.noticeMinutes,
    lineTotalPence: r.pricePence * r.quantity,
    image: imageFromColumns(r, r.name),
  }));
  return {
    lines,
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    subtotalPence: lines.reduce((n, l) => n + l.lineTotalPence, 0),
    currency: lines[0]?.currency ?? "GBP",
    bakeDate: chosen[0]?.bakeDate ?? null,
    promotionCode: chosen[0]?.promotionCode ?? null,
  };
}

/**
 * Keeps a shopper's choice with their basket (null forgets it), so it works without JavaScript:
 * the bake day, which is only a preference (the basket page and checkout say what it can have
 * that day, and checkout checks the day it is paid for), or a promotion code (checked before it
 * is kept, and again at checkout: decision 030).
 */
export async function keepWithBasket(
  ctx: BasketContext,
  basketId: string,
  choice: { bakeDate: string | null } | { promotionCode: string | null },
): Promise<void> {
  await ctx.db
    .insert(baskets)
    .values({ id: basketId, ...choice })
    .onConflictDoUpdate({ target: baskets.id, set: { ...choice, updatedAt: new Date().toISOString() } });
}

export async function countBasketItems(ctx: BasketContext, basketId: string | null): Promise<number> {
  if (!basketId) return 0;
  const row = await ctx.db
    .select({ n: sum(basketItems.quantity).mapWith(Number) })
    .from(basketItems)
    .innerJoin(products, and(eq(products.id, basketItems.productId), eq(products.status, "active")))
    .where(eq(basketItems.basketId, basketId))
    .get();
  return row?.n ?? 0;
}

export type BasketChange =
  | { intent: "add"; productId: number; quantity: number; choices?: number[]; message?: string }
  | { intent: "set"; lineId: number; quantity: number }
  | { intent: "remove"; lineId: number };

export type BasketChangeResult =
  | { ok: true; quantity: number; limitedTo: number | null }
  | { ok: false; reason: "not-found" }
  | { ok: false; reason: "options"; field: "choices" | "message"; message: string };

/**
 * Applies one change to a basket. A product's per-order maximum counts all its lines together
 * (a 6" and an 8" cake are two of the product) and is applied here, on the server, whatever the
 * form said; the result says when it applied. Options are checked against the product's own. How
 * many can be had on the basket's day is the plan's to say (the basket page and checkout ask it).
 */
export async function changeBasket(
  ctx: BasketContext,
  basketId: string,
  change: BasketChange,
): Promise<BasketChangeResult> {
  const target = await lineFor(ctx, basketId, change);
  if (!target.ok) return target;
  const { productId, choices, message } = target;
  const line = and(
    eq(basketItems.basketId, basketId),
    eq(basketItems.productId, productId),
    eq(basketItems.choices, choices),
    eq(basketItems.message, message),
  );
  const product = await ctx.db
    .select({
      maxPerOrder: products.maxPerOrder,
      current: sql<number | null>`(SELECT ${basketItems.quantity} FROM ${basketItems} WHERE ${line})`,
      // The same product on the basket's other lines.
      others: sql<number>`coalesce((SELECT sum(${basketItems.quantity}) FROM ${basketItems}
        WHERE ${basketItems.basketId} = ${basketId} AND ${basketItems.productId} = ${productId} AND NOT (${line})), 0)`,
    })
    .from(products)
    .where(and(eq(products.id, productId), eq(products.status, "active")))
    .get();
  if (!product) return { ok: false, reason: "not-found" };

  const current = product.current ?? 0;
  const wanted = change.intent === "add" ? current + change.quantity : change.intent === "set" ? change.quantity : 0;
  const limit = Math.max(0, product.maxPerOrder - product.others);
  const quantity = Math.max(0, Math.min(wanted, limit));

  if (quantity === 0) {
    await ctx.db.delete(basketItems).where(line);
    return { ok: true, quantity: 0, limitedTo: wanted > 0 ? limit : null };
  }
  await ctx.db.batch([
    ctx.db
      .insert(baskets)
      .values({ id: basketId })
      .onConflictDoUpdate({ target: baskets.id, set: { updatedAt: new Date().toISOString() } }),
    ctx.db
      .insert(basketItems)
      .values({ basketId, productId, choices, message, quantity })
      .onConflictDoUpdate({
        target: [basketItems.basketId, basketItems.productId, basketItems.choices, basketItems.message],
        // Two quick "add" clicks must both count: add to the stored quantity, still capped.
        set: {
          quantity:
            change.intent === "add" ? sql`min(${basketItems.quantity} + ${change.quantity}, ${limit})` : quantity,
        },
      }),
  ]);
  return { ok: true, quantity, limitedTo: quantity < wanted ? product.maxPerOrder : null };
}

/** The line a change is about: an existing one by its id, or a new one from a product and its options. */
async function lineFor(
  ctx: BasketContext,
  basketId: string,
  change: BasketChange,
): Promise<
  { ok: true; productId: number; choices: string; message: string } | Exclude<BasketChangeResult, { ok: true }>
> {
  if (change.intent !== "add") {
    const existing = await ctx.db
      .select({ productId: basketItems.productId, choices: basketItems.choices, message: basketItems.message })
      .from(basketItems)
      .where(and(eq(basketItems.id, change.lineId), eq(basketItems.basketId, basketId)))
      .get();
    return existing ? { ok: true, ...existing } : { ok: false, reason: "not-found" };
  }
  const options = (await loadProductOptions(ctx.db, [change.productId])).get(change.productId) ?? [];
  const chosen = resolveChoices(options, change.choices ?? [], change.message ?? "");
  if (!chosen.ok) return { ok: false, reason: "options", field: chosen.field, message: chosen.error };
  return { ok: true, productId: change.productId, choices: chosen.choices, message: chosen.message };
}

export async function emptyBasket(ctx: BasketContext, basketId: string): Promise<void> {
  await ctx.db.delete(basketItems).where(eq(basketItems.basketId, basketId));
}
