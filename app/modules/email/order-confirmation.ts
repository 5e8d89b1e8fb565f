import { SHOP_NAME } from "../../lib/constants";
import { formatMoney } from "../../lib/money";
import { fulfilmentLabel } from "../orders/describe";
import type { OrderView } from "../orders/order-queries.server";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** The confirmation email, as HTML and plain text, from the order's own snapshots. */
export function orderConfirmationEmail(
  order: OrderView,
  orderUrl: string,
): { subject: string; html: string; text: string } {
  const subject = `Your ${SHOP_NAME} order ${order.number}`;
  const lines = order.items.map((i) => ({
    label: `${i.name} × ${i.quantity}`,
    amount: formatMoney(i.unitPricePence * i.quantity, order.currency),
  }));
  if (order.deliveryFeePence > 0)
    lines.push({ label: "Delivery", amount: formatMoney(order.deliveryFeePence, order.currency) });
  const total = formatMoney(order.totalPence, order.currency);
  const when = fulfilmentLabel(order);

  const text = [
    `Hello ${order.name},`,
    "",
    `Thank you for your order ${order.number}. It's paid and on our list.`,
    "",
    when,
    ...(order.deliveryAddress ? [`${order.deliveryAddress}, ${order.deliveryPostcode ?? ""}`] : []),
    "",
    ...lines.map((l) => `${l.label}: ${l.amount}`),
    `Total: ${total}`,
    "",
    `Your order: ${orderUrl}`,
    "",
    `${SHOP_NAME}`,
  ].join("\n");

  const rows = lines
    .map(
      (l) =>
        `<tr><td style="padding:4px 0">${escapeHtml(l.label)}</td><td style="padding:4px 0;text-align:right">${l.amount}</td></tr>`,
    )
    .join("");
  const html = `<!doctype html><html lang="en-GB"><body style="font-family:Georgia,serif;color:#1c1917;max-width:560px;margin:0 auto;padding:24px">
<h1 style="color:#5c3716">Thank you, ${escapeHtml(order.name)}</h1>
<p>Your order <strong>${order.number}</strong> is paid and on our list.</p>
<p><strong>${escapeHtml(when)}</strong>${order.deliveryAddress ? `<br>${escapeHtml(order.deliveryAddress)}, ${escapeHtml(order.deliveryPostcode ?? "")}` : ""}</p>
<table style="width:100%;border-collapse:collapse">${rows}
<tr><td style="padding:8px 0;border-top:1px solid #e3b87c"><strong>Total</strong></td><td style="padding:8px 0;border-top:1px solid #e3b87c;text-align:right"><strong>${total}</strong></td></tr></table>
<p><a href="${escapeHtml(orderUrl)}" style="color:#7a4a1f">View your order</a></p>
<p>${SHOP_NAME}</p></body></html>`;
  return { subject, html, text };
}
