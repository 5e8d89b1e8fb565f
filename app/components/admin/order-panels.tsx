import { Form, Link } from "react-router";
import type { FormAnswer } from "../../lib/form-answer";
import { formatMoney, minorUnitsToDecimalString } from "../../lib/money";
import { RefundSchema } from "../../modules/admin/order-forms";
import { fulfilmentLabel, ORDER_FLAG_LABELS } from "../../modules/orders/describe";
import { STEP_ACTIONS } from "../../modules/orders/fulfilment";
import type { OrderView } from "../../modules/orders/order-queries.server";
import { Button, buttonClass } from "../forms/button";
import { CheckboxField, InputField, TextareaField } from "../forms/fields";
import { SchemaForm } from "../forms/schema-form";
import { useSchemaForm } from "../forms/use-schema-form";
import { OrderLines } from "../order-summary";

/** The form id of every one-click action on the page (steps, flags, the refund's confirmation). */
export const ORDER_ACTIONS_FORM = "order-actions";

export const timeLabel = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" });

/** A one-click form for this page: its answer shows above the page's sections. */
function ActionForm({
  intent,
  children,
  className,
}: {
  intent: string;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <Form method="post" className={className}>
      <input type="hidden" name="formId" value={ORDER_ACTIONS_FORM} />
      <input type="hidden" name="intent" value={intent} />
      {children}
    </Form>
  );
}

/** What needs a person's attention (a dispute, a payment after expiry), each cleared by a click. */
export function OrderFlags({ flags }: { flags: OrderView["flags"] }) {
  return flags.map((flag) => (
    <ActionForm
      key={flag.kind}
      intent="clear-flag"
      className="mt-2 flex flex-wrap items-center gap-3 rounded-lg bg-amber-50 p-3 text-amber-900"
    >
      <span>
        {ORDER_FLAG_LABELS[flag.kind] ?? flag.kind}
        {flag.reason ? ` ${flag.reason}` : ""} <span className="text-sm">(since {timeLabel(flag.createdAt)})</span>
      </span>
      <input type="hidden" name="flag" value={flag.kind} />
      <Button variant="secondary" size="sm" className="border-amber-900 text-amber-900">
        Mark as dealt with
      </Button>
    </ActionForm>
  ));
}

/** The steps the order can take next (baking, ready, collected…), as buttons. */
export function NextSteps({ order, steps }: { order: OrderView; steps: (keyof typeof STEP_ACTIONS)[] }) {
  if (steps.length === 0) return null;
  return (
    <section aria-labelledby="next-heading">
      <h2 id="next-heading" className="font-serif text-xl font-bold">
        Next step
      </h2>
      <div className="mt-2 flex gap-3">
        {steps.map((to) => (
          <ActionForm key={to} intent="advance">
            <input type="hidden" name="from" value={order.fulfilmentStatus} />
            <input type="hidden" name="to" value={to} />
            <Button size="md">{STEP_ACTIONS[to]}</Button>
          </ActionForm>
        ))}
      </div>
    </section>
  );
}

/** Who ordered, how it reaches them, and what they bought. */
export function OrderDetails({ order }: { order: OrderView }) {
  return (
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
        <OrderLines order={order} />
      </div>
    </section>
  );
}

export type RefundConfirmation = { amountPence: number; reason: string; cancel: boolean; idempotencyKey: string };

/**
 * Refunds in two steps: staff say how much (and whether to cancel); the page says what will happen
 * and asks again, carrying a key so a double click refunds once.
 */
export function RefundPanel({
  order,
  refundablePence,
  cancellable,
  confirm,
  answer,
}: {
  order: OrderView;
  refundablePence: number;
  cancellable: boolean;
  confirm: RefundConfirmation | null;
  answer: FormAnswer | undefined;
}) {
  const [form, fields] = useSchemaForm(RefundSchema, {
    answer,
    id: "refund",
    defaultValue: { amount: minorUnitsToDecimalString(refundablePence) },
  });
  if (refundablePence <= 0) return null;
  return (
    <section aria-labelledby="refund-heading" className="rounded-2xl border border-red-200 bg-white p-5">
      <h2 id="refund-heading" className="font-serif text-xl font-bold">
        {cancellable ? "Refund or cancel" : "Refund"}
      </h2>
      {confirm ? (
        <ActionForm intent="refund" className="mt-3 space-y-3">
          <p role="status" className="font-semibold">
            {`Refund ${formatMoney(confirm.amountPence, order.currency)} to the customer's card${confirm.cancel ? " and cancel the order (its stock goes back on sale)" : ""}?`}
          </p>
          <input type="hidden" name="amountPence" value={confirm.amountPence} />
          <input type="hidden" name="reason" value={confirm.reason} />
          <input type="hidden" name="cancel" value={confirm.cancel ? "yes" : "no"} />
          <input type="hidden" name="idempotencyKey" value={confirm.idempotencyKey} />
          <div className="flex gap-3">
            <Button size="md" className="bg-red-800 hover:bg-red-900">
              {`Yes, refund ${formatMoney(confirm.amountPence, order.currency)}`}
            </Button>
            <Link to={`/admin/orders/${order.number}`} className={buttonClass({ variant: "secondary", size: "md" })}>
              Don't refund
            </Link>
          </div>
        </ActionForm>
      ) : (
        <SchemaForm form={form} className="mt-3 space-y-3">
          <input type="hidden" name="intent" value="review-refund" />
          <InputField
            field={fields.amount}
            label="Amount to refund (£)"
            hint={`(up to ${formatMoney(refundablePence, order.currency)})`}
            inputMode="decimal"
          />
          <TextareaField field={fields.reason} label="Reason" hint="(optional, for the timeline)" rows={2} />
          {cancellable ? <CheckboxField field={fields.cancel} label="Also cancel the order" /> : null}
          <Button variant="danger" size="md">
            Review refund
          </Button>
        </SchemaForm>
      )}
    </section>
  );
}

type TimelineEvent = { createdAt: string; detail: string; actor: string | null };
type TimelineRefund = { createdAt: string; amountPence: number; status: string; error: string | null };

/** What happened to the order, oldest first, with refunds still at Stripe or failed there. */
export function OrderTimeline({
  order,
  events,
  refunds,
}: {
  order: OrderView;
  events: TimelineEvent[];
  refunds: TimelineRefund[];
}) {
  return (
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
  );
}
