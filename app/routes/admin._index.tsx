import { Link } from "react-router";
import { useBakeryDetails } from "../components/bakery-address";
import { SalesChart } from "../components/sales-chart";
import { longDay, shortDay } from "../lib/shop-dates";
import {
  awaitingBankPaymentsPastCutoff,
  bakeDays,
  flaggedOrders,
  runningLow,
  salesByDay,
} from "../modules/admin/dashboard.server";
import { requireRole, STAFF_ROLES } from "../modules/auth/guards.server";
import { fulfilmentLabel, ORDER_FLAG_LABELS } from "../modules/orders/describe";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/admin._index";

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const _user = await requireRole(ctx, request, STAFF_ROLES);
  const [days, low, sales, flagged, unpaid] = await Promise.all([
    bakeDays(ctx),
    runningLow(ctx),
    salesByDay(ctx),
    flaggedOrders(ctx),
    awaitingBankPaymentsPastCutoff(ctx),
  ]);
  return { days, low, sales, flagged, unpaid };
}

export default function AdminDashboard({ loaderData }: Route.ComponentProps) {
  const { days, low, sales, flagged, unpaid } = loaderData;
  const bakery = useBakeryDetails();
  return (
    <div className="space-y-10">
      <h1 className="font-serif text-3xl font-bold text-crust-900">Dashboard</h1>
      {bakery?.example ? (
        // Until an admin saves them, customers see the migration's example address (decision 025).
        <p className="rounded-2xl border border-amber-300 bg-amber-50 p-4 font-semibold text-amber-950">
          Customers see example details for the bakery (address, phone, email).{" "}
          <Link to="/admin/bakery" className="underline">
            Set the bakery's own
          </Link>{" "}
          before taking real orders.
        </p>
      ) : null}
      {flagged.length > 0 ? (
        <section aria-labelledby="attention-heading" className="rounded-2xl border border-amber-300 bg-amber-50 p-5">
          <h2 id="attention-heading" className="font-serif text-xl font-bold">
            Needs attention
          </h2>
          <ul className="mt-2 space-y-1">
            {flagged.map((order) => (
              <li key={order.number}>
                <Link to={`/admin/orders/${order.number}`} className="font-semibold text-crust-700 underline">
                  {order.number}
                </Link>
                {` (${order.name}): ${ORDER_FLAG_LABELS[order.flag] ?? order.flag}`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {unpaid.length > 0 ? (
        <section aria-labelledby="unpaid-heading" className="rounded-2xl border border-amber-300 bg-amber-50 p-5">
          <h2 id="unpaid-heading" className="font-serif text-xl font-bold">
            Bank payments still on their way
          </h2>
          <p className="mt-1">
            The cut-off for these orders' bake day has passed and their bank payment has not arrived: decide whether to
            bake them. A payment that fails gives their stock and slot back by itself.
          </p>
          <ul className="mt-2 space-y-1">
            {unpaid.map((order) => (
              <li key={order.number}>
                <Link to={`/admin/orders/${order.number}`} className="font-semibold text-crust-700 underline">
                  {order.number}
                </Link>
                {` (${order.name}), for ${longDay(order.slotDate)}`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-3">
        {days.map((day, i) => (
          <section
            key={day.date}
            aria-labelledby={`bake-${day.date}`}
            className="rounded-2xl border border-crust-200 bg-white p-5"
          >
            <h2 id={`bake-${day.date}`} className="font-serif text-xl font-bold">
              {i === 0 ? `Today: ${longDay(day.date)}` : longDay(day.date)}
            </h2>
            <p className="mt-1">
              <Link to={`/admin/bake-list?date=${day.date}`} className="font-semibold text-crust-700 underline">
                Full bake list and labels
              </Link>
            </p>
            <h3 className="mt-3 font-semibold">Bake list</h3>
            {day.bake.length === 0 ? (
              <p className="text-stone-700">Nothing ordered yet.</p>
            ) : (
              <table className="mt-1 w-full text-left">
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col" className="text-right">
                      Quantity
                    </th>
                    <th scope="col" className="text-right">
                      Orders
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {day.bake.map((line) => (
                    <tr key={line.productId}>
                      <td>{line.name}</td>
                      <td className="text-right font-bold">{line.quantity}</td>
                      <td className="text-right">{line.orders}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <h3 className="mt-4 font-semibold">Orders by slot</h3>
            {day.slots.length === 0 ? (
              <p className="text-stone-700">No orders.</p>
            ) : (
              <ul className="mt-1">
                {day.slots.map((slot) => (
                  <li key={`${slot.fulfilment}-${slot.slotTime}`}>
                    <Link
                      to={`/admin/orders?day=${day.date}&slot=${slot.slotTime}`}
                      className="text-crust-700 underline"
                    >
                      {fulfilmentLabel({
                        fulfilment: slot.fulfilment,
                        slotDate: day.date,
                        slotTime: slot.slotTime,
                      }).replace(/ on .*?, /, ", ")}
                    </Link>
                    {`: ${slot.orders} order${slot.orders === 1 ? "" : "s"}, ${slot.items} item${slot.items === 1 ? "" : "s"}`}
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
      <section aria-labelledby="low-stock-heading">
        <h2 id="low-stock-heading" className="font-serif text-xl font-bold">
          Running low this week
        </h2>
        {low.length === 0 ? (
          <p className="text-stone-700">Every bake day this week has plenty left to sell.</p>
        ) : (
          <ul className="mt-2 space-y-1">
            {low.map((line) => (
              <li key={`${line.name}@${line.date}`}>
                <Link to={`/admin/production?from=${line.date}`} className="font-semibold text-crust-700 underline">
                  {`${line.name}, ${shortDay(line.date)}`}
                </Link>
                {line.left === 0 ? ` — sold out (${line.planned} planned)` : ` — ${line.left} of ${line.planned} left`}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="sales-heading">
        <h2 id="sales-heading" className="font-serif text-xl font-bold">
          Sales, last 30 days
        </h2>
        <SalesChart days={sales} />
      </section>
    </div>
  );
}
