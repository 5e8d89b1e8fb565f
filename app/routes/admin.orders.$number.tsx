import { data } from "react-router";
import {
  NextSteps,
  ORDER_ACTIONS_FORM,
  OrderDetails,
  OrderFlags,
  OrderTimeline,
  RefundPanel,
} from "../components/admin/order-panels";
import { BackLink } from "../components/back-link";
import { FormErrors } from "../components/forms/fields";
import { useSchemaForm } from "../components/forms/use-schema-form";
import type { FormAnswer } from "../lib/form-answer";
import { formatMoney, parseMinorUnits } from "../lib/money";
import { AdvanceSchema, ClearFlagSchema, ConfirmRefundSchema, RefundSchema } from "../modules/admin/order-forms";
import { orderHistory } from "../modules/admin/orders.server";
import { ADMIN_ROLES, requireRole, STAFF_ROLES } from "../modules/auth/guards.server";
import { suppressionOf } from "../modules/email/delivery-events.server";
import { readIntentSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { ORDER_STATUS_LABELS } from "../modules/orders/describe";
import { canCancel, fulfilmentStatusLabel, nextSteps } from "../modules/orders/fulfilment";
import { advanceOrder, clearOrderFlag } from "../modules/orders/fulfilment.server";
import { findOrder } from "../modules/orders/order-queries.server";
import { checkRefund, refundableAmount, refundOrder } from "../modules/orders/refund.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import { vatDocumentNumber } from "../modules/vat/vat";
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
    emailProblem: await suppressionOf(ctx, order.email),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const staff = await requireRole(ctx, request, STAFF_ROLES);
  const form = await readIntentSubmission(
    request,
    {
      advance: AdvanceSchema,
      "clear-flag": ClearFlagSchema,
      "review-refund": RefundSchema,
      refund: ConfirmRefundSchema,
    },
    { formId: (formData) => (formData.get("intent") === "review-refund" ? "refund" : ORDER_ACTIONS_FORM) },
  );
  const limit = await checkRateLimit(ctx, [[form.intent === "advance" ? "orderSteps" : "writes", `user:${staff.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  const self = `/admin/orders/${params.number}`;
  const origin = publicOrigin(ctx);

  if (form.intent === "advance") {
    const { submission } = form;
    if (submission.status !== "success") return form.formError("That isn't a step this order can take.");
    const moved = await advanceOrder(ctx, { number: params.number, ...submission.value, actorId: staff.id, origin });
    if (!moved.ok) return form.formError(moved.message, 409);
    return redirectWithNotice(ctx, self, "Order updated.");
  }

  const order = await findOrder(ctx, { number: params.number });
  if (!order) throw data({ message: "No order with that number." }, { status: 404 });

  if (form.intent === "clear-flag") {
    const { submission } = form;
    if (submission.status !== "success") return form.formError("That note isn't one this order has.");
    if (!(await clearOrderFlag(ctx, order.id, submission.value.flag, staff.id))) {
      return form.formError("That note was already dealt with.", 409);
    }
    return redirectWithNotice(ctx, self, "Marked as dealt with.");
  }

  // Refunds and cancellations send money back: admins only.
  await requireRole(ctx, request, ADMIN_ROLES);

  if (form.intent === "review-refund") {
    // Step one of two: check the request and show what will happen, with a key for step two.
    const { submission } = form;
    if (submission.status !== "success") return form.reply();
    const amountPence = parseMinorUnits(submission.value.amount) ?? 0;
    const cancel = submission.value.cancel === "on";
    const problem = checkRefund(order, amountPence, cancel);
    if (problem) return form.fieldError("amount", problem);
    return {
      confirm: { amountPence, reason: submission.value.reason, cancel, idempotencyKey: crypto.randomUUID() },
    };
  }

  // Every other intent has answered above: this is the confirmed refund.
  const { submission } = form;
  if (submission.status !== "success") return form.formError("Start the refund again.");
  const confirmed = submission.value;
  const refunded = await refundOrder(ctx, {
    number: params.number,
    amountPence: confirmed.amountPence,
    reason: confirmed.reason,
    cancel: confirmed.cancel === "yes",
    idempotencyKey: confirmed.idempotencyKey,
    actorId: staff.id,
    origin,
  });
  if (!refunded.ok) return form.formError(refunded.message, 409);
  return redirectWithNotice(
    ctx,
    self,
    refunded.outcome === "pending"
      ? "Stripe is processing the refund: the customer is emailed when it goes through."
      : "Refund sent to Stripe and the customer emailed.",
  );
}

export default function AdminOrder({ loaderData, actionData }: Route.ComponentProps) {
  const { order, events, refunds, steps, refundablePence, cancellable, emailProblem } = loaderData;
  const confirm = actionData && "confirm" in actionData ? actionData.confirm : null;
  const answer = actionData && "result" in actionData ? (actionData as FormAnswer) : undefined;
  const [actions] = useSchemaForm(ClearFlagSchema, { answer, id: ORDER_ACTIONS_FORM });
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
          {order.vatReceiptId !== null ? (
            <>
              {" · "}
              <a
                href={`/orders/${order.number}/receipt?token=${encodeURIComponent(order.accessToken)}`}
                className="font-semibold text-crust-700 underline"
              >
                {`VAT receipt ${vatDocumentNumber(order.vatReceiptId)}`}
              </a>
            </>
          ) : null}
        </p>
        <OrderFlags flags={order.flags} />
        {emailProblem ? (
          <p role="note" className="mt-3 rounded-xl border border-amber-300 bg-amber-50 p-3 text-amber-950">
            {`Emails to ${order.email} ${emailProblem.reason === "complained" ? "were marked as spam" : "bounced"}${emailProblem.detail ? ` (${emailProblem.detail})` : ""}: only the receipt and refunds are still sent there, and may not arrive. Phone the customer${order.phone ? ` on ${order.phone}` : ""} about collection or delivery.`}
          </p>
        ) : null}
      </header>
      <FormErrors id={actions.errorId} errors={actions.errors} />
      <NextSteps order={order} steps={steps} />
      <OrderDetails order={order} />
      <RefundPanel
        order={order}
        refundablePence={refundablePence}
        cancellable={cancellable}
        confirm={confirm}
        answer={answer}
      />
      <OrderTimeline order={order} events={events} refunds={refunds} />
    </article>
  );
}
