import { Form, Link } from "react-router";
import { FULFILMENT_STATUSES, type FulfilmentStatus } from "../../database/schema";
import { Button } from "../components/forms/button";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { TableScroller } from "../components/table-scroller";
import { formatMoney } from "../lib/money";
import { shortDay } from "../lib/shop-dates";
import { BulkStepSchema, OrderFilters, tickedOrder } from "../modules/admin/order-forms";
import { listOrders } from "../modules/admin/orders.server";
import { requireRole, STAFF_ROLES } from "../modules/auth/guards.server";
import { loadShopCalendar } from "../modules/checkout/calendar.server";
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { ORDER_STATUS_LABELS } from "../modules/orders/describe";
import { fulfilmentStatusLabel, nextSteps, STEP_ACTIONS } from "../modules/orders/fulfilment";
import { advanceOrders, type StepsResult } from "../modules/orders/fulfilment.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.orders";

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, STAFF_ROLES);
  const searchParams = new URL(request.url).searchParams;
  const filters = OrderFilters.parse(Object.fromEntries(searchParams));
  const [orders, calendar] = await Promise.all([listOrders(ctx, filters), loadShopCalendar(ctx, "9999-12-31")]);
  // The slots staff filter by: the calendar's collection windows as they are now, and delivery.
  const slots = [...calendar.windows.map((window) => window.startsAt), "delivery"];
  return { filters, tickAll: searchParams.get("tick") === "all", orders, slots };
}

const BULK_FORM = "bulk-steps";

/** The steps the list's buttons take ticked orders to, in bake-morning order. */
const BULK_STEPS: FulfilmentStatus[] = ["baking", "ready", "collected", "out_for_delivery", "delivered"];

/** The list's filters as its query string. */
function listQuery(filters: OrderFilters): URLSearchParams {
  return new URLSearchParams(Object.entries(filters).flatMap(([key, value]) => (value ? [[key, String(value)]] : [])));
}

/** What a bulk step did, in a sentence: how many moved, and which did not and why (the first few). */
function stepsNotice({ moved, skipped }: StepsResult, to: FulfilmentStatus): string {
  const movedText =
    moved.length === 0
      ? "No orders were moved."
      : `Moved ${moved.length} order${moved.length === 1 ? "" : "s"} to "${PROGRESS_LABELS[to]}".`;
  if (skipped.length === 0) return movedText;
  const shown = skipped.slice(0, 5).map(({ number, why }) => `${number}: ${why}`);
  const more = skipped.length > shown.length ? `; and ${skipped.length - shown.length} more` : "";
  return `${movedText} ${skipped.length} not moved (${shown.join("; ")}${more}).`;
}

/**
 * Bake morning: the ticked orders move one step together (a plain form; each box carries the
 * progress staff saw, so an order someone else moved meanwhile is skipped and said why).
 */
export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const staff = await requireRole(ctx, request, STAFF_ROLES);
  const form = await readSubmission(request, BulkStepSchema, { formId: () => BULK_FORM });
  const limit = await checkRateLimit(ctx, [["orderSteps", `user:${staff.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  if (form.submission.status !== "success") return form.reply();
  const { to, orders, list } = form.submission.value;
  const result = await advanceOrders(ctx, {
    orders: orders.map(tickedOrder),
    to,
    actorId: staff.id,
    origin: publicOrigin(ctx),
  });
  if (result.moved.length === 0) return form.formError(stepsNotice(result, to), 409);
  // Back to the same list: its filters, read again as the loader reads them (nothing else passes).
  return redirectWithNotice(
    ctx,
    `/admin/orders?${listQuery(OrderFilters.parse(Object.fromEntries(new URLSearchParams(list))))}`,
    stepsNotice(result, to),
  );
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

export default function AdminOrders({ loaderData, actionData }: Route.ComponentProps) {
  const { filters, orders, tickAll, slots } = loaderData;
  const [bulk, bulkFields] = useSchemaForm(BulkStepSchema, { answer: actionData, id: BULK_FORM });
  const movable = orders.filter((order) => nextSteps(order).length > 0);
  const query = listQuery(filters);
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
            {slots.map((slot) => (
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
      {movable.length > 0 ? (
        <SchemaForm
          form={bulk}
          aria-labelledby="bulk-heading"
          className="mt-6 rounded-2xl border border-crust-200 bg-white p-4"
        >
          <h2 id="bulk-heading" className="font-serif text-lg font-bold">
            Move the ticked orders
          </h2>
          <p className="text-sm text-stone-700">
            {"Tick orders below, then choose their next step. "}
            <Link to={`?${new URLSearchParams([...query, ["tick", "all"]]).toString()}`} className="underline">
              Tick all {movable.length}
            </Link>
            {" · "}
            <Link to={`?${query.toString()}`} className="underline">
              Untick all
            </Link>
          </p>
          {bulkFields.orders.errors ? (
            <p id={bulkFields.orders.errorId} role="alert" className="mt-1 text-sm font-semibold text-red-800">
              {bulkFields.orders.errors.join(" ")}
            </p>
          ) : null}
          <input type="hidden" name="list" value={query.toString()} />
          <div className="mt-3 flex flex-wrap gap-2">
            {BULK_STEPS.map((step) => (
              <Button key={step} variant="secondary" size="sm" name="to" value={step}>
                {STEP_ACTIONS[step]}
              </Button>
            ))}
          </div>
        </SchemaForm>
      ) : null}
      <TableScroller label="Order list" className="mt-6">
        <table className="w-full border-collapse text-left text-sm">
          <thead>
            <tr className="border-b border-crust-200">
              <th scope="col" className="py-2">
                <span className="sr-only">Tick</span>
              </th>
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
                <td className="py-2 pr-2">
                  {nextSteps(order).length > 0 ? (
                    <input
                      // Remounted when the order moves or "tick all" changes, so a box shows what it will send.
                      key={`${order.fulfilmentStatus}-${tickAll}`}
                      type="checkbox"
                      name="orders"
                      form={BULK_FORM}
                      value={`${order.number}@${order.fulfilmentStatus}`}
                      defaultChecked={tickAll}
                      aria-label={`Tick ${order.number}`}
                      className="size-4"
                    />
                  ) : null}
                </td>
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
      </TableScroller>
    </section>
  );
}
