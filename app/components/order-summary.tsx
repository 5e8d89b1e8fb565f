import { formatMoney } from "../lib/money";
import { fulfilmentLabel, ORDER_STATUS_LABELS } from "../modules/orders/describe";
import { fulfilmentStatusLabel } from "../modules/orders/fulfilment";
import type { OrderView } from "../modules/orders/order-queries.server";
import { vatDocumentNumber } from "../modules/vat/vat";
import { CollectionPoint, useBakeryDetails } from "./bakery-address";

/**
 * An order as its customer sees it. `receiptQuery` is what the VAT receipt's link needs to open:
 * the order link's `?token=…` for a guest, "" for the account that placed it.
 */
export function OrderSummary({ order, receiptQuery = "" }: { order: OrderView; receiptQuery?: string }) {
  const bakery = useBakeryDetails();
  return (
    <div className="rounded-2xl border border-crust-200 bg-white p-6">
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
        <dt className="font-semibold">Order</dt>
        <dd>{order.number}</dd>
        <dt className="font-semibold">Status</dt>
        <dd data-testid="order-status">{ORDER_STATUS_LABELS[order.status] ?? order.status}</dd>
        {order.fulfilmentStatus !== "new" ? (
          <>
            <dt className="font-semibold">Progress</dt>
            <dd data-testid="order-progress">{fulfilmentStatusLabel(order.fulfilmentStatus, order.fulfilment)}</dd>
          </>
        ) : null}
        {order.refundedPence > 0 ? (
          <>
            <dt className="font-semibold">Refunded</dt>
            <dd>{formatMoney(order.refundedPence, order.currency)}</dd>
          </>
        ) : null}
        {order.vatReceiptId !== null ? (
          <>
            <dt className="font-semibold">VAT receipt</dt>
            <dd>
              <a
                href={`/orders/${order.number}/receipt${receiptQuery}`}
                className="font-semibold text-crust-700 underline"
              >
                {`View and print receipt ${vatDocumentNumber(order.vatReceiptId)}`}
              </a>
            </dd>
          </>
        ) : null}
        <dt className="font-semibold">When</dt>
        <dd>{fulfilmentLabel(order)}</dd>
        {order.fulfilment === "collection" && bakery ? (
          <>
            <dt className="font-semibold">Collect from</dt>
            <dd>
              <CollectionPoint bakery={bakery} />
            </dd>
          </>
        ) : null}
        {order.deliveryAddress ? (
          <>
            <dt className="font-semibold">Address</dt>
            <dd className="whitespace-pre-line">{`${order.deliveryAddress}\n${order.deliveryPostcode ?? ""}`}</dd>
          </>
        ) : null}
      </dl>
      <OrderLines order={order} className="mt-6 border-t border-crust-200" />
    </div>
  );
}

/** What an order holds, line by line, with delivery and the total: for customers and staff alike. */
export function OrderLines({ order, className = "" }: { order: OrderView; className?: string }) {
  return (
    <ul className={`divide-y divide-crust-100 ${className}`}>
      {order.items.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an order's lines never change order; two may share a name.
        <li key={index} className="flex justify-between gap-4 py-2">
          <span>
            {`${item.name} × ${item.quantity}`}
            {item.message ? <span className="block text-sm">{`Message: “${item.message}”`}</span> : null}
          </span>
          <span>{formatMoney(item.unitPricePence * item.quantity, order.currency)}</span>
        </li>
      ))}
      {order.deliveryFeePence > 0 ? (
        <li className="flex justify-between py-2">
          <span>Delivery</span>
          <span>{formatMoney(order.deliveryFeePence, order.currency)}</span>
        </li>
      ) : null}
      {order.discountPence > 0 ? (
        <li className="flex justify-between py-2" data-testid="order-discount">
          <span>{order.promotionCode ? `Discount (${order.promotionCode})` : "Discount"}</span>
          <span>{`−${formatMoney(order.discountPence, order.currency)}`}</span>
        </li>
      ) : null}
      <li className="flex justify-between py-2 font-bold">
        <span>{order.discountPence > 0 ? "Total paid" : "Total"}</span>
        <span>{formatMoney(order.totalPence, order.currency)}</span>
      </li>
    </ul>
  );
}
