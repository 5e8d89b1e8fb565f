import { Form, Link } from "react-router";
import { FULFILMENT_STATUSES } from "../../database/schema";
import { Button } from "../components/forms/button";
import { formatMoney } from "../lib/money";
import { shortDay } from "../lib/shop-dates";
import { OrderFilters, SLOT_CHOICES } from "../modules/admin/order-forms";
import { listOrders } from "../modules/admin/orders.server";
import { requireRole, STAFF_ROLES } from "../modules/auth/guards.server";
import { ORDER_STATUS_LABELS } from "../modules/orders/describe";
import { fulfilmentStatusLabel } from "../modules/orders/fulfilment";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/admin.orders";

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, STAFF_ROLES);
  const filters = OrderFilters.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { filters, orders: await listOrders(ctx, filters) };
}

const PROGRESS_LABELS: Record<string, string> = {
  new: "Not started",
  baking: "Baking",
  ready: "Ready",
  out_for_delivery: "Out for delivery",
  collected: "Collected",
  delivered: "Delivered",
  cancelled: "Cancelled",
};

const selectClass = "mt-1 block rounded-lg border border-stone-300 bg-white px-2 py-1.5";

export default function AdminOrders({ loaderData }: Route.ComponentProps) {
  const { filters, orders } = loaderData;
  return (
    <section aria-labelledby="orders-heading">
      <h1 id="orders-heading" className="font-serif text-3xl font-bold text-crust-900">
        Orders
      </h1>
      <Form method="get" className="mt-4 flex flex-wrap items-end gap-4" aria-label="Filter orders">
        <label className="text-sm font-medium">
          Progress
          <select name="progress" defaultValue={filters.progress ?? ""} className={selectClass}>
            <option value="">Any</option>
            {FULFILMENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {PROGRESS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          Bake day
          <input type="date" name="day" defaultValue={filters.day ?? ""} className={selectClass} />
        </label>
        <label className="text-sm font-medium">
          Slot
          <select name="slot" defaultValue={filters.slot ?? ""} className={selectClass}>
            <option value="">Any</option>
            {SLOT_CHOICES.map((slot) => (
              <option key={slot} value={slot}>
                {slot === "delivery" ? "Delivery" : slot}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          Order number or email
          <input type="search" name="q" defaultValue={filters.q ?? ""} className={selectClass} />
        </label>
        <label className="flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" name="unpaid" value="1" defaultChecked={Boolean(filters.unpaid)} />
          Include unpaid
        </label>
        <Button size="md">Show orders</Button>
      </Form>
      <p className="mt-3 text-sm text-stone-700">
        Soonest first. Collected, delivered and cancelled orders show when you choose that progress or search.
      </p>
      {orders.length === 0 ? <p className="mt-6">No orders match.</p> : null}
      <table className="mt-6 w-full border-collapse text-left text-sm">
        <thead>
          <tr className="border-b border-crust-200">
            <th scope="col" className="py-2">
              Order
            </th>
            <th scope="col">Customer</th>
            <th scope="col">When</th>
            <th scope="col">Items</th>
            <th scope="col">Total</th>
            <th scope="col">Payment</th>
            <th scope="col">Progress</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.number} className="border-b border-crust-100">
              <td className="py-2">
                <Link to={`/admin/orders/${order.number}`} className="font-semibold text-crust-700 underline">
                  {order.number}
                </Link>
                {order.flagged ? (
                  <span className="ml-2 rounded bg-amber-100 px-1.5 text-amber-900">flagged</span>
                ) : null}
              </td>
              <td>{order.name}</td>
              <td>{`${shortDay(order.slotDate)}, ${order.fulfilment === "delivery" ? "delivery" : order.slotTime}`}</td>
              <td>{order.items}</td>
              <td>
                {formatMoney(order.totalPence, order.currency)}
                {order.refundedPence > 0 ? ` (−${formatMoney(order.refundedPence, order.currency)})` : ""}
              </td>
              <td>{ORDER_STATUS_LABELS[order.status] ?? order.status}</td>
              <td>{fulfilmentStatusLabel(order.fulfilmentStatus, order.fulfilment)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
