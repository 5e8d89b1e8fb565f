import { Form, Link } from "react-router";
import { Button } from "../components/forms/button";
import { PrintButton } from "../components/print-button";
import { longDay } from "../lib/shop-dates";
import { requireRole, STAFF_ROLES } from "../modules/auth/guards.server";
import { shopLocalDateTime } from "../modules/checkout/slots";
import { getRequestContext } from "../modules/platform/request-context.server";
import { addDays } from "../modules/production/availability";
import { loadBakeList } from "../modules/production/bake-list.server";
import { BakeDayQuery } from "../modules/production/plan-forms";
import type { Route } from "./+types/admin.bake-list";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `Bake list, ${data.list.date}` : "Bake list" }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, STAFF_ROLES);
  const today = shopLocalDateTime(ctx.now()).slice(0, 10);
  const date = BakeDayQuery.parse(Object.fromEntries(new URL(request.url).searchParams)).date ?? today;
  return { today, list: await loadBakeList(ctx, date) };
}

/** "Saturday 14 March 2043": the year too, as a printed list may be kept. */
const dayLabel = (date: string) => `${longDay(date)} ${date.slice(0, 4)}`;

export default function BakeList({ loaderData }: Route.ComponentProps) {
  const { list, today } = loaderData;
  const itemCount = list.slots.reduce(
    (sum, slot) => sum + slot.orders.reduce((n, order) => n + order.lines.reduce((m, line) => m + line.quantity, 0), 0),
    0,
  );
  return (
    <article aria-labelledby="bake-list-heading" className="space-y-6 print:space-y-4 print:text-[11pt]">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 id="bake-list-heading" className="font-serif text-3xl font-bold text-crust-900">
            {`Bake list: ${dayLabel(list.date)}`}
          </h1>
          <p className="mt-1 text-sm text-stone-700">
            {list.closure ? `The shop is shut this day (${list.closure}). ` : ""}
            {plural(
              list.slots.reduce((n, slot) => n + slot.orders.length, 0),
              "order",
            )}
            {`, ${plural(itemCount, "item")}.`}
          </p>
        </div>
        <div className="flex flex-wrap items-end gap-3 print:hidden">
          <Link className="font-semibold text-crust-700 underline" to={`?date=${addDays(list.date, -1)}`}>
            ← Day before
          </Link>
          {list.date !== today ? (
            <Link className="font-semibold text-crust-700 underline" to="?">
              Today
            </Link>
          ) : null}
          <Link className="font-semibold text-crust-700 underline" to={`?date=${addDays(list.date, 1)}`}>
            Day after →
          </Link>
          <Form method="get" className="flex items-end gap-2">
            <label className="text-sm font-medium">
              Bake day
              <input
                type="date"
                name="date"
                defaultValue={list.date}
                className="mt-1 block rounded-lg border border-stone-300 px-2 py-1"
              />
            </label>
            <Button variant="secondary" size="md">
              Show
            </Button>
          </Form>
          <Link className="font-semibold text-crust-700 underline" to={`/admin/bake-list/labels?date=${list.date}`}>
            Label sheet
          </Link>
          <PrintButton />
        </div>
      </div>

      <section aria-labelledby="totals-heading" className="break-inside-avoid">
        <h2 id="totals-heading" className="font-serif text-xl font-bold">
          To bake
        </h2>
        {list.totals.length === 0 ? (
          <p>Nothing is planned or ordered for this day.</p>
        ) : (
          <table className="mt-2 w-full max-w-3xl border-collapse text-left">
            <thead>
              <tr className="border-b border-crust-300">
                <th scope="col" className="py-1">
                  Product
                </th>
                <th scope="col" className="text-right">
                  Ordered and paid
                </th>
                <th scope="col" className="text-right">
                  Payment on its way
                </th>
                <th scope="col" className="text-right">
                  Planned
                </th>
              </tr>
            </thead>
            <tbody>
              {list.totals.map((line) => (
                <tr key={line.productId} className="border-b border-crust-100">
                  <th scope="row" className="py-1 font-semibold">
                    {line.name}
                    {line.options.length > 0 ? (
                      <span className="block text-sm font-normal">
                        {line.options.map((option) => `${option.quantity} × ${option.name}`).join(" · ")}
                      </span>
                    ) : null}
                  </th>
                  <td className="text-right text-lg font-bold tabular-nums">{line.paid}</td>
                  <td className="text-right tabular-nums">{line.awaitingPayment || ""}</td>
                  <td className="text-right tabular-nums">{line.planned}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="orders-heading">
        <h2 id="orders-heading" className="font-serif text-xl font-bold">
          Orders by slot
        </h2>
        {list.slots.length === 0 ? <p>No orders for this day.</p> : null}
        {list.slots.map((slot) => (
          <section key={slot.slotTime} aria-label={slotName(slot.slotTime)} className="mt-4 break-inside-avoid">
            <h3 className="border-b border-crust-300 font-semibold">{slotName(slot.slotTime)}</h3>
            <ul className="divide-y divide-crust-100">
              {slot.orders.map((order) => (
                <li key={order.number} className="grid gap-1 py-2 sm:grid-cols-[12rem_1fr] print:grid-cols-[45mm_1fr]">
                  <div>
                    <p className="font-semibold">{order.name}</p>
                    <p className="text-sm">{order.number}</p>
                    {order.phone ? <p className="text-sm">{order.phone}</p> : null}
                    {order.awaitingPayment ? (
                      <p className="text-sm font-semibold text-amber-900">Bank payment on its way</p>
                    ) : null}
                  </div>
                  <div>
                    <ul>
                      {order.lines.map((line, index) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: an order's lines, in order; two may share a name.
                        <li key={index}>
                          {`${line.quantity} × ${line.name}`}
                          {line.message ? (
                            <span className="block font-semibold">{`Message: “${line.message}”`}</span>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                    {order.address ? <p className="text-sm text-stone-700">{`Deliver to ${order.address}`}</p> : null}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </section>
    </article>
  );
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
const slotName = (slotTime: string) => (slotTime === "delivery" ? "Deliveries" : `Collection from ${slotTime}`);
