import { sql } from "drizzle-orm";
import { basketItems, baskets } from "../../../database/schema";
import { BASKET_MAX_PER_LINE } from "../../lib/constants";
import { type ImageColumns, type ImageView, imageFromColumns } from "../media/image-view";
import type { RequestContext } from "../platform/request-context.server";

type BasketContext = Pick<RequestContext, "db">;

export type BasketLine = {
  productId: number;
  slug: string;
  name: string;
  pricePence: number;
  currency: string;
  quantity: number;
  stock: number;
  /** The most this line may hold now: stock, capped per line. */
  maxQuantity: number;
  lineTotalPence: number;
  image: ImageView | null;
};

export type Basket = { lines: BasketLine[]; itemCount: number; subtotalPence: number; currency: string };

export const EMPTY_BASKET: Basket = { lines: [], itemCount: 0, subtotalPence: 0, currency: "GBP" };

/** Prices always come from the products table, never from the form or a cached page. */
export async function loadBasket(ctx: BasketContext, basketId: string | null): Promise<Basket> {
  if (!basketId) return EMPTY_BASKET;
  const rows = await ctx.db.all<
    {
      product_id: number;
      slug: string;
      name: string;
      price_pence: number;
      currency: string;
      stock: number;
      quantity: number;
    } & ImageColumns
  >(sql`
    SELECT p.id AS product_id, p.slug, p.name, p.price_pence, p.currency, p.stock, b.quantity,
      i.r2_key AS image_key, i.alt AS image_alt, i.width AS image_width, i.height AS image_height,
      i.variants AS image_variants
    FROM basket_items b
    JOIN products p ON p.id = b.product_id AND p.status = 'active'
    LEFT JOIN product_images i ON i.id = (
      SELECT pi.id FROM product_images pi WHERE pi.product_id = p.id ORDER BY pi.position, pi.id LIMIT 1)
    WHERE b.basket_id = ${basketId}
    ORDER BY b.added_at, p.id`);
  const lines = rows.map((r) => ({
    productId: r.product_id,
    slug: r.slug,
    name: r.name,
    pricePence: r.price_pence,
    currency: r.currency,
    quantity: r.quantity,
    stock: r.stock,
    maxQuantity: Math.min(r.stock, BASKET_MAX_PER_LINE),
    lineTotalPence: r.price_pence * r.quantity,
    image: imageFromColumns(r, r.name),
  }));
  return {
    lines,
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    subtotalPence: lines.reduce((n, l) => n + l.lineTotalPence, 0),
    currency: lines[0]?.currency ?? "GBP",
  };
}

export async function countBasketItems(ctx: BasketContext, basketId: string | null): Promise<number> {
  if (!basketId) return 0;
  const [row] = await ctx.db.all<{ n: number | null }>(sql`
    SELECT sum(b.quantity) AS n FROM basket_items b
    JOIN products p ON p.id = b.product_id AND p.status = 'active'
    WHERE b.basket_id = ${basketId}`);
  return row?.n ?? 0;
}

export type BasketChange =
  | { intent: "add"; productId: number; quantity: number }
  | { intent: "set"; productId: number; quantity: number }
  | { intent: "remove"; productId: number };

export type BasketChangeResult =
  | { ok: true; quantity: number; limitedTo: number | null }
  | { ok: false; reason: "not-found" | "sold-out" };

/**
 * Applies one change to a basket. Quantities are capped by stock and the per-line maximum here,
 * on the server, whatever the form said; the result says when a cap applied.
 */
export async function changeBasket(
  ctx: BasketContext,
  basketId: string,
  change: BasketChange,
): Promise<BasketChangeResult> {
  const [product] = await ctx.db.all<{ stock: number; current: number | null }>(sql`
    SELECT p.stock, (SELECT quantity FROM basket_items WHERE basket_id = ${basketId} AND product_id = p.id) AS current
    FROM products p WHERE p.id = ${change.productId} AND p.status = 'active'`);
  if (!product) return { ok: false, reason: "not-found" };

  const current = product.current ?? 0;
  const wanted = change.intent === "add" ? current + change.quantity : change.intent === "set" ? change.quantity : 0;
  const limit = Math.min(product.stock, BASKET_MAX_PER_LINE);
  const quantity = Math.max(0, Math.min(wanted, limit));

  if (quantity === 0) {
    await ctx.db.run(sql`DELETE FROM basket_items WHERE basket_id = ${basketId} AND product_id = ${change.productId}`);
    if (wanted > 0) return { ok: false, reason: "sold-out" };
    return { ok: true, quantity: 0, limitedTo: null };
  }
  // drizzle can only batch query-builder statements, hence no raw SQL here.
  await ctx.db.batch([
    ctx.db
      .insert(baskets)
      .values({ id: basketId })
      .onConflictDoUpdate({ target: baskets.id, set: { updatedAt: new Date().toISOString() } }),
    ctx.db
      .insert(basketItems)
      .values({ basketId, productId: change.productId, quantity })
      .onConflictDoUpdate({
        target: [basketItems.basketId, basketItems.productId],
        // Two quick "add" clicks must both count: add to the stored quantity, still capped.
        set: {
          quantity:
            change.intent === "add" ? sql`min(${basketItems.quantity} + ${change.quantity}, ${limit})` : quantity,
        },
      }),
  ]);
  return { ok: true, quantity, limitedTo: quantity < wanted ? limit : null };
}

export async function emptyBasket(ctx: BasketContext, basketId: string): Promise<void> {
  await ctx.db.run(sql`DELETE FROM basket_items WHERE basket_id = ${basketId}`);
}
