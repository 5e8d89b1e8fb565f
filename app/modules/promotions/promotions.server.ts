import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { auditLog, orders, promotions } from "../../../database/schema";
import { formatMoney } from "../../lib/money";
import { addDays, shopDayStartsAt } from "../checkout/slots";
import { createStripe } from "../payments/stripe.server";
import { insertWhere, previousChangedOneRow, sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { type Discount, describeDiscount } from "./discount";
import type { CreatePromotion } from "./promotion-form";

type PromotionContext = Pick<RequestContext, "db" | "env" | "metrics" | "now" | "logger">;

const promotionColumns = {
  id: promotions.id,
  code: promotions.code,
  percentOff: promotions.percentOff,
  amountOffPence: promotions.amountOffPence,
  minimumOrderPence: promotions.minimumOrderPence,
  firstOrderOnly: promotions.firstOrderOnly,
  expiresAt: promotions.expiresAt,
  maxRedemptions: promotions.maxRedemptions,
  active: promotions.active,
  stripeCouponId: promotions.stripeCouponId,
  stripePromotionCodeId: promotions.stripePromotionCodeId,
  /** Paid orders that used it: what its limit counts (along orders_promotion_code_idx). */
  redemptions: sql<number>`(SELECT count(*) FROM ${orders} WHERE ${orders.promotionCode} = ${promotions.code}
    AND ${orders.status} IN ('paid', 'refunded'))`.mapWith(Number),
};

export type Promotion = Awaited<ReturnType<typeof listPromotions>>[number];

/** Every code, newest first, with how often it has been used. */
export function listPromotions(ctx: Pick<RequestContext, "db">) {
  return ctx.db.select(promotionColumns).from(promotions).orderBy(desc(promotions.id));
}

const findPromotion = (ctx: Pick<RequestContext, "db">, code: string) =>
  ctx.db.select(promotionColumns).from(promotions).where(eq(promotions.code, code.toUpperCase())).get();

/** A code Stripe reported on a completed session, by its Stripe id: which of ours it was. */
export async function promotionCodeOfStripeId(ctx: Pick<RequestContext, "db">, stripeId: string) {
  const row = await ctx.db
    .select({ code: promotions.code })
    .from(promotions)
    .where(eq(promotions.stripePromotionCodeId, stripeId))
    .get();
  return row?.code ?? null;
}

export type CreateResult =
  | { ok: true; code: string; stripe: "ready" | "unreachable" }
  | { ok: false; field: "code" | "lastDay"; message: string };

/**
 * Saves a new code, then sets it up at Stripe. The row comes first (its unique code refuses a
 * duplicate by the field); if Stripe cannot be reached the code is kept, unusable, for "Set up at
 * Stripe" to finish with the same idempotency keys, so Stripe never holds two.
 */
export async function createPromotion(
  ctx: PromotionContext,
  actorId: number,
  values: CreatePromotion,
): Promise<CreateResult> {
  const expiresAt = values.lastDay ? shopDayStartsAt(addDays(values.lastDay, 1)) : null;
  if (expiresAt && expiresAt <= ctx.now().toISOString()) {
    return { ok: false, field: "lastDay", message: "That day has passed: choose today or a later day" };
  }
  const row = {
    code: values.code,
    percentOff: values.kind === "percent" ? values.percentOff : null,
    amountOffPence: values.kind === "amount" ? values.amountOff : null,
    minimumOrderPence: values.minimumOrder ?? 0,
    firstOrderOnly: values.firstOrderOnly === "on",
    expiresAt,
    maxRedemptions: values.maxRedemptions,
    createdBy: actorId,
  };
  const [inserted] = await ctx.db.batch([
    ctx.db
      .insert(promotions)
      .values(row)
      .onConflictDoNothing({ target: promotions.code })
      .returning({ id: promotions.id }),
    insertWhere(
      ctx.db,
      auditLog,
      {
        entity: "promotion",
        entityId: sql`(SELECT ${promotions.id} FROM ${promotions} WHERE ${promotions.code} = ${values.code})`,
        action: "create",
        actorUserId: actorId,
        after: JSON.stringify(row),
      },
      { where: previousChangedOneRow },
    ),
  ]);
  const id = inserted[0]?.id;
  if (!id) return { ok: false, field: "code", message: "That code is already in use: choose another" };
  return { ok: true, code: values.code, stripe: (await setUpAtStripe(ctx, id)) ? "ready" : "unreachable" };
}

/**
 * Creates the code's Stripe Coupon and Promotion Code, each with an idempotency key from the
 * row's id (a retry after a lost answer gets the same objects back), and records their ids.
 * False when Stripe could not be reached or refused.
 */
export async function setUpAtStripe(ctx: PromotionContext, id: number): Promise<boolean> {
  const promotion = await ctx.db.select().from(promotions).where(eq(promotions.id, id)).get();
  if (!promotion) return false;
  if (promotion.stripePromotionCodeId) return true;
  const stripe = createStripe(ctx.env, ctx.metrics);
  try {
    const coupon = await stripe.coupons.create(
      {
        ...(promotion.percentOff !== null
          ? { percent_off: promotion.percentOff }
          : { amount_off: promotion.amountOffPence ?? 0, currency: "gbp" }),
        duration: "once",
        name: promotion.code,
        metadata: { promotion_id: String(promotion.id) },
      },
      { idempotencyKey: `promotion-${promotion.id}-coupon` },
    );
    const code = await stripe.promotionCodes.create(
      {
        promotion: { type: "coupon", coupon: coupon.id },
        code: promotion.code,
        ...(promotion.expiresAt ? { expires_at: Math.floor(Date.parse(promotion.expiresAt) / 1000) } : {}),
        ...(promotion.maxRedemptions ? { max_redemptions: promotion.maxRedemptions } : {}),
        restrictions: {
          ...(promotion.minimumOrderPence > 0
            ? { minimum_amount: promotion.minimumOrderPence, minimum_amount_currency: "gbp" }
            : {}),
          ...(promotion.firstOrderOnly ? { first_time_transaction: true } : {}),
        },
        metadata: { promotion_id: String(promotion.id) },
      },
      { idempotencyKey: `promotion-${promotion.id}-code` },
    );
    await ctx.db
      .update(promotions)
      .set({ stripeCouponId: coupon.id, stripePromotionCodeId: code.id, updatedAt: sqlNow })
      .where(eq(promotions.id, promotion.id));
    return true;
  } catch (error) {
    ctx.logger.warn("promotion set-up at Stripe failed", { code: promotion.code, error: String(error) });
    return false;
  }
}

/** Stops a code at Stripe (so it can't be typed on the payment page) and here; false if Stripe refused. */
export async function stopPromotion(ctx: PromotionContext, actorId: number, id: number): Promise<boolean> {
  const promotion = await ctx.db.select().from(promotions).where(eq(promotions.id, id)).get();
  if (!promotion) return false;
  if (promotion.stripePromotionCodeId) {
    try {
      await createStripe(ctx.env, ctx.metrics).promotionCodes.update(promotion.stripePromotionCodeId, {
        active: false,
      });
    } catch {
      return false;
    }
  }
  await ctx.db.batch([
    ctx.db
      .update(promotions)
      .set({ active: false, updatedAt: sqlNow })
      .where(and(eq(promotions.id, id), eq(promotions.active, true))),
    insertWhere(
      ctx.db,
      auditLog,
      { entity: "promotion", entityId: id, action: "stop", actorUserId: actorId, after: '{"active":false}' },
      { where: previousChangedOneRow },
    ),
  ]);
  return true;
}

export type UsablePromotion = Discount & { code: string; stripePromotionCodeId: string; description: string };

export type PromotionCheck = { ok: true; promotion: UsablePromotion } | { ok: false; message: string };

/**
 * Whether a code can be used on these goods now, by the rules Stripe will apply too, in words a
 * shopper understands. `email` (known at checkout) checks a first-order code.
 */
export async function checkPromotion(
  ctx: Pick<RequestContext, "db" | "now">,
  code: string,
  subtotalPence: number,
  email: string | null = null,
): Promise<PromotionCheck> {
  const promotion = await findPromotion(ctx, code);
  const unknown = { ok: false as const, message: `We don't recognise the code ${code.toUpperCase()}` };
  if (!promotion?.stripePromotionCodeId) return unknown;
  if (!promotion.active) return { ok: false, message: `The code ${promotion.code} has ended` };
  if (promotion.expiresAt && promotion.expiresAt <= ctx.now().toISOString()) {
    return { ok: false, message: `The code ${promotion.code} has expired` };
  }
  if (promotion.maxRedemptions !== null && promotion.redemptions >= promotion.maxRedemptions) {
    return { ok: false, message: `The code ${promotion.code} has been used as often as it can be` };
  }
  if (subtotalPence < promotion.minimumOrderPence) {
    return {
      ok: false,
      message: `The code ${promotion.code} is for orders of ${formatMoney(promotion.minimumOrderPence)} or more: add ${formatMoney(promotion.minimumOrderPence - subtotalPence)} more`,
    };
  }
  if (promotion.firstOrderOnly && email && (await hasPaidOrder(ctx, email))) {
    return { ok: false, message: `The code ${promotion.code} is for a first order, and ${email} has ordered before` };
  }
  return {
    ok: true,
    promotion: {
      code: promotion.code,
      percentOff: promotion.percentOff,
      amountOffPence: promotion.amountOffPence,
      stripePromotionCodeId: promotion.stripePromotionCodeId,
      description: describeDiscount(promotion),
    },
  };
}

async function hasPaidOrder(ctx: Pick<RequestContext, "db">, email: string) {
  const row = await ctx.db
    .select({ id: orders.id })
    .from(orders)
    .where(and(sql`lower(${orders.email}) = ${email.toLowerCase()}`, inArray(orders.status, ["paid", "refunded"])))
    .limit(1)
    .get();
  return row !== undefined;
}
