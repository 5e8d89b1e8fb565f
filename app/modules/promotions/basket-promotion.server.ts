import type { Basket } from "../cart/basket.server";
import type { RequestContext } from "../platform/request-context.server";
import { type Discount, expectedDiscount } from "./discount";
import { checkPromotion } from "./promotions.server";

export type BasketPromotion =
  | ({ ok: true; code: string; description: string; expectedPence: number } & Discount)
  | { ok: false; code: string; message: string }
  | null;

/**
 * The basket's code as the basket and checkout show it: what it should take off these goods, or
 * why it no longer can (expired, used up, the basket now under its minimum).
 */
export async function basketPromotion(
  ctx: Pick<RequestContext, "db" | "now">,
  basket: Pick<Basket, "promotionCode" | "subtotalPence">,
  extraPence = 0,
  email: string | null = null,
): Promise<BasketPromotion> {
  if (!basket.promotionCode) return null;
  const checked = await checkPromotion(ctx, basket.promotionCode, basket.subtotalPence, email);
  if (!checked.ok) return { ok: false, code: basket.promotionCode, message: checked.message };
  return {
    ok: true,
    code: checked.promotion.code,
    percentOff: checked.promotion.percentOff,
    amountOffPence: checked.promotion.amountOffPence,
    description: checked.promotion.description,
    expectedPence: expectedDiscount(checked.promotion, basket.subtotalPence + extraPence),
  };
}
