import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { BackLink } from "../components/back-link";
import { FormErrors, FormField } from "../components/form-field";
import { formatMoney, minorUnitsToDecimalString, parseMinorUnits } from "../lib/money";
import { AdvanceSchema, ConfirmRefundSchema, RefundSchema } from "../modules/admin/order-forms";
import { orderHistory } from "../modules/admin/orders.server";
import { ADMIN_ROLES, requireRole, STAFF_ROLES } from "../modules/auth/guards.server";
import { readForm } from "../modules/forms/read-form.server";
import { fulfilmentLabel, ORDER_FLAG_LABELS, ORDER_STATUS_LABELS } from "../modules/orders/describe";
import { canCancel, fulfilmentStatusLabel, nextSteps, STEP_ACTIONS } from "../modules/orders/fulfilment";
import { advanceOrder, clearOrderFlag } from "../modules/orders/fulfilment.server";
import { findOrder } from "../modules/orders/order-queries.server";
import { checkRefund, refundableAmount, refundOrder } from "../modules/orders/refund.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import { checkRateLimit, tooManyAttemptsMessage } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.orders.$number";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const viewer = await requireRole(ctx, request, STAFF_ROLES);
  const order = await findOrder(ctx, { number: params.number });
  if (!order) throw data({ message: "No order with that number." }, { status: 404 });
  // Refunds and cancellations send money back: admins only (docs/decisions/009-security-rules.md).
  const refundable = viewer.role === "admin" ? refundableAmount(order) : { ok: false as const };
  return {
    order,
    ...(await orderHistory(ctx, order.id)),
    steps: nextSteps(order),
    refundablePence: refundable.ok ? refundable.pence : 0,
    cancellable: canCancel(order),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const staff = await requireRole(ctx, request, STAFF_ROLES);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const origin = publicOrigin(ctx);
  const limit = await checkRateLimit(ctx, [["writes", `user:${staff.id}`]]);
  if (!limit.allowed) {
    return data(
      { message: tooManyAttemptsMessage(limit.retryAfterSeconds), result: null, confirm: null },
      { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }
  const self = `/admin/orders/${params.number}`;

  if (intent === "advance") {
    const parsed = AdvanceSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success)
      return data({ message: "That isn't a step this order can take.", result: null, confirm: null }, { status: 400 });
    const moved = await advanceOrder(ctx, { number: params.number, ...parsed.data, actorId: staff.id, origin });
    if (!moved.ok) return data({ message: moved.message, result: null, confirm: null }, { status: 409 });
    return redirect(`${self}?done=advanced`, 303);
  }

  const order = await findOrder(ctx, { number: params.number });
  if (!order) throw data({ message: "No order with that number." }, { status: 404 });

  if (intent === "clear-flag") {
    const cleared = await clearOrderFlag(ctx, order.id, String(formData.get("flag") ?? ""), staff.id);
    if (!cleared)
      return data({ message: "That note was already dealt with.", result: null, confirm: null }, { status: 409 });
    return redirect(`${self}?done=flag`, 303);
  }

  if (intent === "review-refund" || intent === "refund") await requireRole(ctx, request, ADMIN_ROLES);

  if (intent === "review-refund") {
    // Step one of two: check the request and show what will happen, with a key for step two.
    const submission = parseWithZod(formData, { schema: RefundSchema });
    if (submission.status !== "success")
      return data({ message: null, result: submission.reply(), confirm: null }, { status: 400 });
    const amountPence = parseMinorUnits(submission.value.amount) ?? 0;
    const cancel = submission.value.cancel === "on";
    const problem = checkRefund(order, amountPence, cancel);
    if (problem) {
      return data(
        { message: null, result: submission.reply({ fieldErrors: { amount: [problem] } }), confirm: null },
        { status: 400 },
      );
    }
    return {
      message: null,
      result: null,
      confirm: { amountPence, reason: submission.value.reason, cancel, idempotencyKey: crypto.randomUUID() },
    };
  }

  if (intent === "refund") {
    const parsed = ConfirmRefundSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success)
      return data({ message: "Start the refund again.", result: null, confirm: null }, { status: 400 });
    const refunded = await refundOrder(ctx, {
      number: params.number,
      amountPence: parsed.data.amountPence,
      reason: parsed.data.reason,
      cancel: parsed.data.cancel === "yes",
      idempotencyKey: parsed.data.idempotencyKey,
      actorId: staff.id,
      origin,
    });
    if (!refunded.ok) return data({ message: refunded.message, result: null, confirm: null }, { status: 409 });
    return redirect(`${self}?done=${refunded.outcome === "pending" ? "refund-pending" : "refunded"}`, 303);
  }
  return data({ message: "Unknown action.", result: null, confirm: null }, { status: 400 });
}

const DONE: Record<string, string> = {
  advanced: "Order updated.",
  refunded: "Refund sent to Stripe and the customer emailed.",
  "refund-pending": "Stripe is processing the refund: the customer is emailed when it goes through.",
  flag: "Marked as dealt with.",
};
const timeLabel = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" });
const buttonClass = "rounded-full bg-crust-700 px-5 py-2 font-semibold text-white hover:bg-crust-800";

export default function AdminOrder({ loaderData, actionData }: Route.ComponentProps) {
  const { order, events, refunds, steps, refundablePence, cancellable } = loaderData;
  const [searchParams] = useSearchParams();
  const done = DONE[searchParams.get("done") ?? ""];
  const confirm = actionData?.confirm ?? null;
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(RefundSchema),
    defaultValue: { amount: minorUnitsToDecimalString(refundablePence) },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RefundSchema }),
  });
  return (
    <article aria-labelledby="order-heading" className="space-y-8">
      <BackLink to="/admin/orders">All orders</BackLink>
      <header>
        <h1 id="order-heading" className="font-serif text-3xl font-bold text-crust-900">{`Order ${order.number}`}</h1>
        <p className="mt-1 text-stone-700">
          <span data-testid="payment-status">{ORDER_STATUS_LABELS[order.status] ?? order.status}</span>
          {" · "}
          <span data-testid="progress">{fulfilmentStatusLabel(order.fulfilmentStatus, order.fulfilment)}</span>
          {order.refundedPence > 0 ? ` · refunded ${formatMoney(order.refundedPence, order.currency)}` : ""}
        </p>
        {order.flags.map((flag) => (
          <Form
            key={flag.kind}
            method="post"
            className="mt-2 flex flex-wrap items-center gap-3 rounded-lg bg-amber-50 p-3 text-amber-900"
          >
            <span>
              {ORDER_FLAG_LABELS[flag.kind] ?? flag.kind}
              {flag.reason ? ` ${flag.reason}` : ""}{" "}
              <span className="text-sm">(since {timeLabel(flag.createdAt)})</span>
            </span>
            <input type="hidden" name="intent" value="clear-flag" />
            <input type="hidden" name="flag" value={flag.kind} />
            <button type="submit" className="rounded-full border border-amber-900 px-3 py-1 text-sm font-semibold">
              Mark as dealt with
            </button>
          </Form>
        ))}
      </header>
      {done ? (
        <p role="status" className="rounded-lg bg-green-50 p-3 text-green-900">
          {done}
        </p>
      ) : null}
      {actionData?.message ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 font-semibold text-red-800">
          {actionData.message}
        </p>
      ) : null}

      {steps.length > 0 ? (
        <section aria-labelledby="next-heading">
          <h2 id="next-heading" className="font-serif text-xl font-bold">
            Next step
          </h2>
          <div className="mt-2 flex gap-3">
            {steps.map((to) => (
              <Form method="post" key={to}>
                <input type="hidden" name="intent" value="advance" />
                <input type="hidden" name="from" value={order.fulfilmentStatus} />
                <input type="hidden" name="to" value={to} />
                <button type="submit" className={buttonClass}>
                  {STEP_ACTIONS[to]}
                </button>
              </Form>
            ))}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="details-heading" className="grid gap-6 md:grid-cols-2">
        <div>
          <h2 id="details-heading" className="font-serif text-xl font-bold">
            Customer
          </h2>
          <p>{order.name}</p>
          <p>
            <a href={`mailto:${order.email}`} className="text-crust-700 underline">
              {order.email}
            </a>
          </p>
          {order.phone ? <p>{order.phone}</p> : null}
          <p className="mt-2 font-semibold">{fulfilmentLabel(order)}</p>
          {order.deliveryAddress ? (
            <p className="whitespace-pre-line">{`${order.deliveryAddress}\n${order.deliveryPostcode ?? ""}`}</p>
          ) : null}
        </div>
        <div>
          <h2 className="font-serif text-xl font-bold">Items</h2>
          <ul>
            {order.items.map((item) => (
              <li key={item.productId} className="flex justify-between">
                <span>{`${item.quantity} × ${item.name}`}</span>
                <span>{formatMoney(item.unitPricePence * item.quantity, order.currency)}</span>
              </li>
            ))}
            {order.deliveryFeePence > 0 ? (
              <li className="flex justify-between">
                <span>Delivery</span>
                <span>{formatMoney(order.deliveryFeePence, order.currency)}</span>
              </li>
            ) : null}
            <li className="mt-1 flex justify-between border-t border-crust-200 pt-1 font-bold">
              <span>Total</span>
              <span>{formatMoney(order.totalPence, order.currency)}</span>
            </li>
          </ul>
        </div>
      </section>

      {refundablePence > 0 ? (
        <section aria-labelledby="refund-heading" className="rounded-2xl border border-red-200 bg-white p-5">
          <h2 id="refund-heading" className="font-serif text-xl font-bold">
            {cancellable ? "Refund or cancel" : "Refund"}
          </h2>
          {confirm ? (
            <Form method="post" className="mt-3 space-y-3">
              <p role="status" className="font-semibold">
                {`Refund ${formatMoney(confirm.amountPence, order.currency)} to the customer's card${confirm.cancel ? " and cancel the order (its stock goes back on sale)" : ""}?`}
              </p>
              <input type="hidden" name="intent" value="refund" />
              <input type="hidden" name="amountPence" value={confirm.amountPence} />
              <input type="hidden" name="reason" value={confirm.reason} />
              <input type="hidden" name="cancel" value={confirm.cancel ? "yes" : "no"} />
              <input type="hidden" name="idempotencyKey" value={confirm.idempotencyKey} />
              <div className="flex gap-3">
                <button type="submit" className="rounded-full bg-red-800 px-5 py-2 font-semibold text-white">
                  {`Yes, refund ${formatMoney(confirm.amountPence, order.currency)}`}
                </button>
                <Link
                  to={`/admin/orders/${order.number}`}
                  className="rounded-full border border-stone-400 px-5 py-2 font-semibold"
                >
                  Don't refund
                </Link>
              </div>
            </Form>
          ) : (
            <Form method="post" {...getFormProps(form)} className="mt-3 space-y-3">
              <FormErrors id={form.errorId} errors={form.errors} />
              <input type="hidden" name="intent" value="review-refund" />
              <FormField
                label="Amount to refund (£)"
                hint={`(up to ${formatMoney(refundablePence, order.currency)})`}
                errors={fields.amount.errors}
                errorId={fields.amount.errorId}
                inputProps={{ ...getInputProps(fields.amount, { type: "text" }), inputMode: "decimal" }}
              />
              <div>
                <label htmlFor={fields.reason.id} className="font-medium">
                  Reason <span className="font-normal text-stone-700">(optional, for the timeline)</span>
                </label>
                <textarea
                  {...getTextareaProps(fields.reason)}
                  key={fields.reason.key}
                  rows={2}
                  className="mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2"
                />
              </div>
              {cancellable ? (
                <label className="flex items-center gap-2">
                  <input {...getInputProps(fields.cancel, { type: "checkbox" })} key={fields.cancel.key} />
                  Also cancel the order
                </label>
              ) : null}
              <button type="submit" className="rounded-full border border-red-800 px-5 py-2 font-semibold text-red-800">
                Review refund
              </button>
            </Form>
          )}
        </section>
      ) : null}

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="font-serif text-xl font-bold">
          Timeline
        </h2>
        <ol className="mt-2 space-y-1 text-sm">
          <li>{`${timeLabel(order.createdAt)} — order placed`}</li>
          {order.paidAt ? <li>{`${timeLabel(order.paidAt)} — paid`}</li> : null}
          {events.map((event) => (
            <li
              key={`${event.createdAt}-${event.detail}`}
            >{`${timeLabel(event.createdAt)} — ${event.detail}${event.actor ? ` (${event.actor})` : ""}`}</li>
          ))}
          {refunds
            .filter((r) => r.status === "pending")
            .map((r) => (
              <li
                key={r.createdAt}
              >{`${timeLabel(r.createdAt)} — refund of ${formatMoney(r.amountPence, order.currency)} in progress at Stripe`}</li>
            ))}
          {refunds
            .filter((r) => r.status === "failed")
            .map((r) => (
              <li
                key={r.createdAt}
                className="text-red-800"
              >{`${timeLabel(r.createdAt)} — refund of ${formatMoney(r.amountPence, order.currency)} failed: ${r.error}`}</li>
            ))}
        </ol>
      </section>
    </article>
  );
}
