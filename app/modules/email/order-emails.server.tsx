import type { OrderView } from "../orders/order-queries.server";
import { type RenderedEmail, renderEmail } from "./render-email.server";
import type { EmailShop } from "./templates/layout";
import { OrderConfirmationEmail, OrderProgressEmail, orderEmailSubjects, RefundEmail } from "./templates/order-emails";

/** The confirmation, from the order's own snapshots. */
export function orderConfirmationEmail(order: OrderView, orderUrl: string, shop: EmailShop): Promise<RenderedEmail> {
  return renderEmail(
    orderEmailSubjects.confirmation(order),
    <OrderConfirmationEmail order={order} orderUrl={orderUrl} />,
    shop,
  );
}

/** "Your order is ready to collect" / "Your order is on its way". */
export function orderProgressEmail(
  order: OrderView,
  kind: "order-ready" | "order-dispatched",
  orderUrl: string,
  shop: EmailShop,
): Promise<RenderedEmail> {
  return renderEmail(
    orderEmailSubjects[kind](order),
    <OrderProgressEmail order={order} orderUrl={orderUrl} kind={kind} />,
    shop,
  );
}

export function refundEmail(
  order: OrderView,
  amountPence: number,
  cancelled: boolean,
  orderUrl: string,
  shop: EmailShop,
): Promise<RenderedEmail> {
  return renderEmail(
    orderEmailSubjects.refund(order),
    <RefundEmail order={order} orderUrl={orderUrl} amountPence={amountPence} cancelled={cancelled} />,
    shop,
  );
}
