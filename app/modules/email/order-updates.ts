import { SHOP_NAME } from "../../lib/constants";
import { formatMoney } from "../../lib/money";
import { fulfilmentLabel } from "../orders/describe";
import type { OrderView } from "../orders/order-queries.server";

type Email = { subject: string; html: string; text: string };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

function render(order: OrderView, orderUrl: string, subject: string, paragraphs: string[]): Email {
  const text = [
    `Hello ${order.name},`,
    "",
    ...paragraphs.flatMap((p) => [p, ""]),
    `Your order: ${orderUrl}`,
    "",
    SHOP_NAME,
  ].join("\n");
  const html = `<!doctype html><html lang="en-GB"><body style="font-family:Georgia,serif;color:#1c1917;max-width:560px;margin:0 auto;padding:24px">
<p>Hello ${escapeHtml(order.name)},</p>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}
<p><a href="${escapeHtml(orderUrl)}" style="color:#7a4a1f">View your order ${order.number}</a></p><p>${SHOP_NAME}</p></body></html>`;
  return { subject, html, text };
}

/** "Your order is ready to collect" / "Your order is on its way". */
export function orderProgressEmail(
  order: OrderView,
  kind: "order-ready" | "order-dispatched",
  orderUrl: string,
): Email {
  if (kind === "order-ready") {
    return render(order, orderUrl, `Your ${SHOP_NAME} order ${order.number} is ready`, [
      `Your order ${order.number} is baked and ready for you.`,
      fulfilmentLabel(order),
    ]);
  }
  return render(order, orderUrl, `Your ${SHOP_NAME} order ${order.number} is on its way`, [
    `Your order ${order.number} has left the bakery and is on its way to ${order.deliveryAddress ?? "you"}.`,
  ]);
}

export function refundEmail(order: OrderView, amountPence: number, cancelled: boolean, orderUrl: string): Email {
  const amount = formatMoney(amountPence, order.currency);
  return render(order, orderUrl, `Refund for your ${SHOP_NAME} order ${order.number}`, [
    cancelled
      ? `We've cancelled your order ${order.number} and refunded ${amount}.`
      : `We've refunded ${amount} for your order ${order.number}.`,
    "It goes back to the card you paid with and usually shows within 5–10 working days.",
  ]);
}
