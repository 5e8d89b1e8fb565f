import type { VatCategory } from "../../lib/constants";

/**
 * UK VAT on VAT-inclusive prices (decision 028). Pure, so the receipt page, the credit note, the
 * accounting export and their tests all compute the same figures from an order's stored lines.
 *
 * Rounding follows HMRC VAT Notice 700 ("The VAT Guide"): VAT is worked out per line, one of the
 * ways paragraph 17.5 allows, and because the shop is a retailer selling to the public at
 * VAT-inclusive prices, each line's VAT is rounded to the nearest penny, a half penny up, and never
 * simply down: paragraph 17.6 ("calculation of VAT at retailers") withholds the rounding-down
 * concession from retailers (HMRC's manual VATREC12020 explains why). A delivery charge is part of a single supply of delivered goods and follows their
 * liability (Notice 700/24, section 2), so with goods at several rates it is apportioned across
 * them by value (VAT Act 1994 s.19(4)); so are discounts and refunds.
 */

export type VatLineInput = {
  name: string;
  unitPricePence: number;
  quantity: number;
  vatCategory: VatCategory;
  vatRateBps: number;
};

export type VatLine = VatLineInput & { grossPence: number; vatPence: number; netPence: number };

/** Everything charged at one rate: goods, their share of delivery and discount, and the VAT in it. */
export type VatRateTotal = {
  vatCategory: VatCategory;
  vatRateBps: number;
  grossPence: number;
  vatPence: number;
  netPence: number;
};

export type VatBreakdown = {
  lines: VatLine[];
  /** The delivery charge's share at each rate (empty for collection). */
  delivery: VatRateTotal[];
  /** The discount's share at each rate, as positive amounts taken off (empty without one). */
  discount: VatRateTotal[];
  rates: VatRateTotal[];
  grossPence: number;
  vatPence: number;
  netPence: number;
};

/** The VAT in a VAT-inclusive amount: amount × rate / (100% + rate), to the nearest penny, halves up. */
export function vatInGross(grossPence: number, rateBps: number): number {
  if (rateBps === 0 || grossPence === 0) return 0;
  const sign = grossPence < 0 ? -1 : 1;
  const gross = Math.abs(grossPence);
  // Integer arithmetic: (2·g·r + (10000 + r)) ÷ (2·(10000 + r)), floored, is g·r/(10000 + r) rounded half up.
  return sign * Math.floor((2 * gross * rateBps + (10000 + rateBps)) / (2 * (10000 + rateBps)));
}

/**
 * Splits `total` pence in proportion to `weights`, in whole pence that add up exactly: each share
 * is floored and the pence left over go to the largest remainders (first listed wins a tie).
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  // Integer remainders, so no floating-point error decides who gets a penny.
  const shares = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = weights.map((w, i) => ({ i, r: (total * w) % sum })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left--;
  }
  return shares;
}

const rateKey = (category: VatCategory, rateBps: number) => `${category}:${rateBps}`;

/** Standard first, then reduced, then zero: the order receipts conventionally list rates in. */
const CATEGORY_ORDER: Record<VatCategory, number> = { standard: 0, reduced: 1, zero: 2 };

function byRate(entries: { vatCategory: VatCategory; vatRateBps: number; grossPence: number }[]): VatRateTotal[] {
  const totals = new Map<string, VatRateTotal>();
  for (const entry of entries) {
    const key = rateKey(entry.vatCategory, entry.vatRateBps);
    const total = totals.get(key) ?? {
      vatCategory: entry.vatCategory,
      vatRateBps: entry.vatRateBps,
      grossPence: 0,
      vatPence: 0,
      netPence: 0,
    };
    total.grossPence += entry.grossPence;
    totals.set(key, total);
  }
  return [...totals.values()].sort(
    (a, b) => CATEGORY_ORDER[a.vatCategory] - CATEGORY_ORDER[b.vatCategory] || b.vatRateBps - a.vatRateBps,
  );
}

/** Shares of an amount by rate, in proportion to the goods at each rate, each with its VAT. */
function sharesByRate(amountPence: number, goods: VatRateTotal[]): VatRateTotal[] {
  if (amountPence === 0 || goods.length === 0) return [];
  const shares = apportion(
    amountPence,
    goods.map((rate) => rate.grossPence),
  );
  return goods
    .map((rate, i) => {
      const grossPence = shares[i] ?? 0;
      const vatPence = vatInGross(grossPence, rate.vatRateBps);
      return {
        vatCategory: rate.vatCategory,
        vatRateBps: rate.vatRateBps,
        grossPence,
        vatPence,
        netPence: grossPence - vatPence,
      };
    })
    .filter((share) => share.grossPence !== 0);
}

/**
 * An order's VAT: each line's, the delivery charge's and the discount's shares, and the totals per
 * rate. `rates[].vatPence` is the sum of the rounded line figures (never re-rounded from a total),
 * so the receipt's lines add up to its totals.
 */
export function vatBreakdown(order: {
  lines: readonly VatLineInput[];
  deliveryFeePence: number;
  discountPence?: number;
}): VatBreakdown {
  const lines: VatLine[] = order.lines.map((line) => {
    const grossPence = line.unitPricePence * line.quantity;
    const vatPence = vatInGross(grossPence, line.vatRateBps);
    return { ...line, grossPence, vatPence, netPence: grossPence - vatPence };
  });
  const goods = byRate(lines);
  const delivery = sharesByRate(order.deliveryFeePence, goods);
  const discount = sharesByRate(order.discountPence ?? 0, goods);
  const rates = goods.map((rate) => {
    const key = rateKey(rate.vatCategory, rate.vatRateBps);
    const same = (share: VatRateTotal) => rateKey(share.vatCategory, share.vatRateBps) === key;
    const lineVat = lines.filter(same).reduce((sum, line) => sum + line.vatPence, 0);
    const deliveryShare = delivery.find(same) ?? { grossPence: 0, vatPence: 0 };
    const discountShare = discount.find(same) ?? { grossPence: 0, vatPence: 0 };
    const grossPence = rate.grossPence + deliveryShare.grossPence - discountShare.grossPence;
    const vatPence = lineVat + deliveryShare.vatPence - discountShare.vatPence;
    return { ...rate, grossPence, vatPence, netPence: grossPence - vatPence };
  });
  return { lines, delivery, discount, rates, ...sum(rates) };
}

/**
 * A refund's VAT, for its credit note: the amount is split across the receipt's rates in
 * proportion to what was paid at each (a part refund is not tied to particular lines), and the
 * VAT of each share is worked out as for a line.
 */
export function creditNoteBreakdown(refundPence: number, receipt: Pick<VatBreakdown, "rates">) {
  const rates = sharesByRate(refundPence, receipt.rates);
  return { rates, ...sum(rates) };
}

function sum(rates: VatRateTotal[]) {
  return {
    grossPence: rates.reduce((total, rate) => total + rate.grossPence, 0),
    vatPence: rates.reduce((total, rate) => total + rate.vatPence, 0),
    netPence: rates.reduce((total, rate) => total + rate.netPence, 0),
  };
}

/** "20%", "5%", "17.5%": a rate in basis points as a percentage. */
export const formatVatRate = (rateBps: number) => `${Number((rateBps / 100).toFixed(2))}%`;

/** How a category reads on receipts and in the admin. */
export const VAT_CATEGORY_LABELS: Record<VatCategory, string> = {
  zero: "Zero-rated",
  reduced: "Reduced rate",
  standard: "Standard rate",
};

/** The one-letter code receipts print beside each line (S, R, Z), explained under the lines. */
export const VAT_CATEGORY_CODES: Record<VatCategory, string> = { standard: "S", reduced: "R", zero: "Z" };

/** A VAT document's number as printed: its place in the one series, padded ("000042"). */
export const vatDocumentNumber = (id: number) => String(id).padStart(6, "0");
