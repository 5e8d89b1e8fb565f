import { DELIVERY_RULES } from "../../lib/constants";
import { longDay } from "../../lib/shop-dates";

/** "Collect on Tuesday 24 November, 08:00–10:00" / "Delivery on Tuesday 24 November, 10:00–16:00". */
export function fulfilmentLabel(order: { fulfilment: string; slotDate: string; slotTime: string }): string {
  const day = longDay(order.slotDate);
  if (order.fulfilment === "delivery") return `Delivery on ${day}, ${DELIVERY_RULES.window}`;
  const end = `${String(Number(order.slotTime.slice(0, 2)) + 2).padStart(2, "0")}:${order.slotTime.slice(3)}`;
  return `Collect on ${day}, ${order.slotTime}–${end}`;
}

export const ORDER_STATUS_LABELS: Record<string, string> = {
  pending: "Waiting for payment",
  awaiting_payment: "Awaiting bank payment",
  paid: "Paid",
  expired: "Not paid (expired)",
  refunded: "Refunded",
};

/** What a flag on an order means, for the staff who must act on it. */
export const ORDER_FLAG_LABELS: Record<string, string> = {
  dispute: "The customer disputed the payment with their bank: answer it in Stripe.",
  paid_after_expiry: "Paid after the checkout had expired, so its stock went back on sale: check there is enough.",
  paid_after_bake_day:
    "A bank payment arrived after the order's bake day: arrange a new day with the customer, or refund it.",
  amount_mismatch:
    "Stripe took a different amount or currency from this order's total, so it is not marked paid: check the payment in Stripe and settle it with the customer.",
};
