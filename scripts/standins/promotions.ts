/**
 * The Stripe stand-in's coupons and promotion codes (decision 030): created through the API, applied
 * to a Checkout Session either by the shop (`discounts`) or by the shopper typing a code on the
 * payment page (`allow_promotion_codes`), with Stripe's limits (active, expiry, redemptions,
 * minimum amount, first-time customers) and Stripe's answers when one does not hold.
 */
const randomId = (prefix: string) => `${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;

type Coupon = {
  id: string;
  object: "coupon";
  percent_off: number | null;
  amount_off: number | null;
  currency: string | null;
};
type PromotionCode = {
  id: string;
  object: "promotion_code";
  code: string;
  active: boolean;
  promotion: { type: "coupon"; coupon: string };
  expires_at: number | null;
  max_redemptions: number | null;
  times_redeemed: number;
  restrictions: {
    minimum_amount: number | null;
    minimum_amount_currency: string | null;
    first_time_transaction: boolean;
  };
  metadata: Record<string, unknown>;
};

const coupons = new Map<string, Coupon>();
const promotionCodes = new Map<string, PromotionCode>();
/** Emails that have paid a session here: Stripe's "first-time transaction" test, as near as a stand-in gets. */
const customersWhoPaid = new Set<string>();

export type StripeAnswer = { status: number; body: unknown };
const refused = (message: string, code = "resource_missing"): StripeAnswer => ({
  status: 400,
  body: { error: { type: "invalid_request_error", code, message } },
});

export function createCoupon(params: Record<string, unknown>): StripeAnswer {
  const percent = params.percent_off === undefined ? null : Number(params.percent_off);
  const amount = params.amount_off === undefined ? null : Number(params.amount_off);
  if ((percent === null) === (amount === null))
    return refused("Provide exactly one of percent_off or amount_off.", "parameter_missing");
  if (amount !== null && !params.currency)
    return refused("You must pass currency when passing amount_off.", "parameter_missing");
  const coupon: Coupon = {
    id: randomId("coupon"),
    object: "coupon",
    percent_off: percent,
    amount_off: amount,
    currency: amount !== null ? String(params.currency) : null,
  };
  coupons.set(coupon.id, coupon);
  return { status: 200, body: coupon };
}

export function createPromotionCode(params: Record<string, unknown>): StripeAnswer {
  const promotion = (params.promotion ?? {}) as Record<string, unknown>;
  const coupon = coupons.get(String(promotion.coupon ?? ""));
  if (!coupon) return refused(`No such coupon: '${String(promotion.coupon ?? "")}'`);
  const code = String(params.code ?? randomId("CODE").toUpperCase());
  const taken = [...promotionCodes.values()].some((p) => p.active && p.code.toUpperCase() === code.toUpperCase());
  if (taken)
    return refused(`An active promotion code with \`code: ${code}\` already exists.`, "resource_already_exists");
  const restrictions = (params.restrictions ?? {}) as Record<string, unknown>;
  const created: PromotionCode = {
    id: randomId("promo"),
    object: "promotion_code",
    code,
    active: true,
    promotion: { type: "coupon", coupon: coupon.id },
    expires_at: params.expires_at === undefined ? null : Number(params.expires_at),
    max_redemptions: params.max_redemptions === undefined ? null : Number(params.max_redemptions),
    times_redeemed: 0,
    restrictions: {
      minimum_amount: restrictions.minimum_amount === undefined ? null : Number(restrictions.minimum_amount),
      minimum_amount_currency: restrictions.minimum_amount_currency
        ? String(restrictions.minimum_amount_currency)
        : null,
      first_time_transaction: restrictions.first_time_transaction === "true",
    },
    metadata: (params.metadata ?? {}) as Record<string, unknown>,
  };
  promotionCodes.set(created.id, created);
  return { status: 200, body: created };
}

export function updatePromotionCode(id: string, params: Record<string, unknown>): StripeAnswer {
  const promotionCode = promotionCodes.get(id);
  if (!promotionCode) return refused(`No such promotion code: '${id}'`);
  if (params.active !== undefined) promotionCode.active = params.active === "true";
  return { status: 200, body: promotionCode };
}

type Session = Record<string, unknown>;

/**
 * Applies a promotion code (by id, as the shop sends it, or by the code a shopper typed) to an open
 * session: the discount and the new total, or why Stripe would not, in Stripe's words.
 */
export function applyPromotionCode(session: Session, which: { id: string } | { code: string }): string | null {
  const promotionCode =
    "id" in which
      ? promotionCodes.get(which.id)
      : [...promotionCodes.values()].find((p) => p.active && p.code.toUpperCase() === which.code.trim().toUpperCase());
  if (!promotionCode) return "This code is invalid.";
  if (!promotionCode.active) return "This code is no longer active.";
  if (promotionCode.expires_at !== null && promotionCode.expires_at * 1000 <= Date.now())
    return "This code has expired.";
  if (promotionCode.max_redemptions !== null && promotionCode.times_redeemed >= promotionCode.max_redemptions) {
    return "This code has been redeemed the maximum number of times.";
  }
  const subtotal = Number(session.amount_subtotal ?? 0);
  const minimum = promotionCode.restrictions.minimum_amount;
  if (minimum !== null && subtotal < minimum) return `This code requires a minimum order of ${minimum} (minor units).`;
  if (promotionCode.restrictions.first_time_transaction && customersWhoPaid.has(String(session.customer_email ?? ""))) {
    return "This code is only valid for first-time customers.";
  }
  const coupon = coupons.get(promotionCode.promotion.coupon);
  if (!coupon) return "This code is invalid.";
  // Stripe spreads a discount over the line items; the stand-in rounds once on the subtotal.
  const discount =
    coupon.percent_off !== null
      ? Math.round((subtotal * coupon.percent_off) / 100)
      : Math.min(coupon.amount_off ?? 0, subtotal);
  session.discounts = [{ coupon: coupon.id, promotion_code: promotionCode.id }];
  session.total_details = { amount_discount: discount, amount_shipping: 0, amount_tax: 0 };
  session.amount_total = subtotal - discount;
  return null;
}

/** A session was paid: its code counts one more use, and its customer is no longer a first-timer. */
export function recordPayment(session: Session) {
  const discounts = (session.discounts ?? []) as { promotion_code: string }[];
  for (const discount of discounts) {
    const promotionCode = promotionCodes.get(discount.promotion_code);
    if (promotionCode) promotionCode.times_redeemed++;
  }
  if (session.customer_email) customersWhoPaid.add(String(session.customer_email));
}
