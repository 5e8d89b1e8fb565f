import type { FulfilmentStatus } from "../../../database/schema";

type OrderState = { status: string; fulfilment: "collection" | "delivery"; fulfilmentStatus: FulfilmentStatus };

/**
 * The next steps staff may take for a paid order: paid → baking → ready → collected, or for
 * delivery ready → out for delivery → delivered. Cancelling goes through a refund instead.
 */
export function nextSteps(order: OrderState): FulfilmentStatus[] {
  if (order.status !== "paid") return [];
  switch (order.fulfilmentStatus) {
    case "new":
      return ["baking"];
    case "baking":
      return ["ready"];
    case "ready":
      return order.fulfilment === "collection" ? ["collected"] : ["out_for_delivery"];
    case "out_for_delivery":
      return ["delivered"];
    default:
      return [];
  }
}

export function canCancel(order: OrderState): boolean {
  return order.status === "paid" && !["collected", "delivered", "cancelled"].includes(order.fulfilmentStatus);
}

export function fulfilmentStatusLabel(status: FulfilmentStatus, fulfilment: "collection" | "delivery"): string {
  switch (status) {
    case "new":
      return "Not started";
    case "baking":
      return "Baking";
    case "ready":
      return fulfilment === "collection" ? "Ready to collect" : "Packed for delivery";
    case "out_for_delivery":
      return "Out for delivery";
    case "collected":
      return "Collected";
    case "delivered":
      return "Delivered";
    case "cancelled":
      return "Cancelled";
  }
}

/** The button that takes an order to `status`. */
export const STEP_ACTIONS: Record<FulfilmentStatus, string> = {
  new: "Reset",
  baking: "Start baking",
  ready: "Mark ready",
  out_for_delivery: "Send out for delivery",
  collected: "Mark collected",
  delivered: "Mark delivered",
  cancelled: "Cancel",
};

/** The customer hears about these steps by email: when they can come, and when the van leaves. */
export function emailKindFor(to: FulfilmentStatus, fulfilment: "collection" | "delivery"): string | null {
  if (to === "ready" && fulfilment === "collection") return "order-ready";
  if (to === "out_for_delivery") return "order-dispatched";
  return null;
}
