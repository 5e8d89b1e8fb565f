import { formatMoney } from "../../lib/money";

/** What a promotion takes off, as stored (exactly one of the two). */
export type Discount = { percentOff: number | null; amountOffPence: number | null };

/** "10% off" or "£5.00 off". */
export const describeDiscount = (discount: Discount) =>
  discount.percentOff !== null ? `${discount.percentOff}% off` : `${formatMoney(discount.amountOffPence ?? 0)} off`;

/**
 * What the discount should come to on an order of `amountPence` (goods and delivery, as Stripe sees
 * the session): a percentage rounded to the nearest penny, or the fixed amount up to the whole.
 * Shown before payment as what to expect; the order records what Stripe actually took off, since
 * Stripe applies a percentage line by line and may differ by a penny (decision 030).
 */
export function expectedDiscount(discount: Discount, amountPence: number): number {
  if (discount.percentOff !== null) return Math.round((amountPence * discount.percentOff) / 100);
  return Math.min(discount.amountOffPence ?? 0, amountPence);
}
