import { and, eq, notInArray, type SQL, sql } from "drizzle-orm";
import { emailOutbox, orderEvents, orders, refunds } from "../../../database/schema";
import { refundEmail } from "../email/order-emails.server";
import { shopForEmails } from "../email/render-email.server";
import { createStripe } from "../payments/stripe.server";
import {
  bare,
  type Database,
  insertWhere,
  previousChangedOneRow,
  returnedRows,
  rowsChanged,
  runBatch,
  sqlNow,
} from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { canCancel } from "./fulfilment";
import { customerOrderUrl } from "./fulfilment.server";
import { findOrder, type OrderView } from "./order-queries.server";
import { clause, type Guard, giveBackStatements, type Query } from "./payment-transitions.server";
import { issueCreditNoteStatement } from "./vat-documents.server";

type RefundContext = Pick<RequestContext, "db" | "kv" | "env" | "bindings" | "logger" | "metrics">;

export type RefundRequest = {
  number: string;
  amountPence: number;
  reason: string;
  cancel: boolean;
  /** Made when the confirmation step is shown; the same key is sent to Stripe. */
  idempotencyKey: string;
  actorId: number;
  origin: string;
};

export type RefundResult =
  | { ok: true; order: OrderView; outcome: "succeeded" | "pending" }
  | { ok: false; message: string };

/** What can still be refunded, or why nothing can. */
export function refundableAmount(order: OrderView): { ok: true; pence: number } | { ok: false; message: string } {
  if (order.status !== "paid") return { ok: false, message: "Only paid orders can be refunded." };
  if (!order.stripePaymentIntentId) return { ok: false, message: "This order has no Stripe payment to refund." };
  // Refunds still being processed by Stripe count as taken: never two refunds for the same money.
  const pence = order.totalPence - order.refundedPence - order.pendingRefundPence;
  return pence > 0 ? { ok: true, pence } : { ok: false, message: "This order has been refunded in full." };
}

export function checkRefund(order: OrderView, amountPence: number, cancel: boolean): string | null {
  const refundable = refundableAmount(order);
  if (!refundable.ok) return refundable.message;
  if (amountPence > refundable.pence) return "That is more than is left to refund.";
  if (cancel && !canCancel(order)) return "This order can no longer be cancelled.";
  return null;
}

/**
 * Refunds through Stripe, at most once per idempotency key however often it is submitted: the
 * refund row is claimed first, Stripe gets the same key (a retry returns the same refund), and
 * everything after Stripe says yes is one batch whose parts each happen once. Cancelling puts the
 * stock and the slot back (guarded by `stock_returned`).
 */
export async function refundOrder(ctx: RefundContext, request: RefundRequest): Promise<RefundResult> {
  const { db } = ctx;
  const order = await findOrder(ctx, { number: request.number });
  if (!order) return { ok: false, message: "That order doesn't exist." };

  const existing = await db
    .select({
      id: refunds.id,
      orderId: refunds.orderId,
      status: refunds.status,
      error: refunds.error,
      stripeRefundId: refunds.stripeRefundId,
    })
    .from(refunds)
    .where(eq(refunds.idempotencyKey, request.idempotencyKey))
    .get();
  if (existing && existing.orderId !== order.id) return { ok: false, message: "That refund belongs to another order." };
  if (existing?.status === "succeeded") return { ok: true, order, outcome: "succeeded" };
  if (existing?.status === "failed") return { ok: false, message: `Stripe refused the refund: ${existing.error}` };
  if (existing?.stripeRefundId) return { ok: true, order, outcome: "pending" };
  if (!existing) {
    const problem = checkRefund(order, request.amountPence, request.cancel);
    if (problem) return { ok: false, message: problem };
    await db
      .insert(refunds)
      .values({
        orderId: order.id,
        amountPence: request.amountPence,
        reason: request.reason,
        idempotencyKey: request.idempotencyKey,
        createdBy: request.actorId,
        cancelOrder: request.cancel,
      })
      .onConflictDoNothing({ target: refunds.idempotencyKey });
  }
  const refund = await db
    .select({ id: refunds.id, amountPence: refunds.amountPence })
    .from(refunds)
    .where(eq(refunds.idempotencyKey, request.idempotencyKey))
    .get();
  if (!refund) return { ok: false, message: "The refund could not be recorded." };

  let created: { id: string; status: string | null; failure_reason?: string | null };
  try {
    created = await createStripe(ctx.env, ctx.metrics).refunds.create(
      {
        payment_intent: order.stripePaymentIntentId ?? "",
        amount: refund.amountPence,
        reason: "requested_by_customer",
        metadata: { order_number: order.number },
      },
      { idempotencyKey: `refund-${request.idempotencyKey}` },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await runBatch(db, refundFailedStatements(db, { refundId: refund.id, stripeRefundId: null, error: message }));
    ctx.logger.warn("stripe refund failed", { order: order.number, error: message });
    return { ok: false, message: `Stripe refused the refund: ${message}` };
  }

  // Stripe answers with the refund's status: most succeed at once, some stay pending (and end by
  // webhook, sometimes days later), some fail. The customer hears only of one that succeeded.
  const { outcome } = await applyRefundOutcome(ctx, {
    stripeRefundId: created.id,
    status: created.status ?? "pending",
    failureReason: created.failure_reason ?? null,
    refundId: refund.id,
    origin: request.origin,
  });
  if (outcome === "failed") {
    return { ok: false, message: `Stripe could not refund it (${created.failure_reason ?? "failed"}).` };
  }
  const after = await findOrder(ctx, { id: order.id });
  return after ? { ok: true, order: after, outcome } : { ok: false, message: "That order doesn't exist." };
}

export type RefundOutcome = "succeeded" | "pending" | "failed";

/**
 * Moves our refund row to what Stripe says of the refund, with its effects, once: from the admin's
 * request (Stripe's first answer) or from `refund.updated` / `refund.failed` /
 * `charge.refund.updated` webhooks. `guard` (the webhook's "event not yet recorded") joins the
 * statements to the event's transaction.
 */
export async function applyRefundOutcome(
  ctx: Pick<RequestContext, "db" | "kv" | "env" | "bindings" | "logger">,
  change: {
    stripeRefundId: string;
    status: string;
    failureReason: string | null;
    refundId?: number;
    origin: string;
  },
  event: { record: Query; guard: Guard } | null = null,
): Promise<{ outcome: RefundOutcome; recorded: boolean }> {
  const { db } = ctx;
  const row = await db
    .select(refundRowColumns)
    .from(refunds)
    .where(change.refundId ? eq(refunds.id, change.refundId) : eq(refunds.stripeRefundId, change.stripeRefundId))
    .get();
  const guard = event?.guard ?? null;
  // The webhook's record of its event goes last in the same batch (decision 010).
  const after = event ? [event.record] : [];
  const recorded = (results: unknown[]) => !event || rowsChanged(results.at(-1)) > 0;
  const unknown: RefundOutcome =
    change.status === "succeeded" ? "succeeded" : change.status === "pending" ? "pending" : "failed";
  // A refund made in the Stripe dashboard has no row here; charge.refunded keeps the totals.
  if (!row) return { outcome: unknown, recorded: recorded(after.length ? await runBatch(db, after) : []) };
  const order = await findOrder(ctx, { id: row.orderId });
  if (!order) return { outcome: "failed", recorded: recorded(after.length ? await runBatch(db, after) : []) };
  let statements: Query[];
  let outcome: RefundOutcome;
  if (change.status === "succeeded") {
    outcome = "succeeded";
    const email = await refundEmail(
      order,
      row.amountPence,
      row.cancelOrder,
      customerOrderUrl(change.origin, order),
      await shopForEmails(db),
    );
    statements = refundSucceededStatements(db, { refund: row, stripeRefundId: change.stripeRefundId, email }, guard);
  } else if (change.status === "failed" || change.status === "canceled") {
    outcome = "failed";
    statements = refundFailedStatements(
      db,
      { refundId: row.id, stripeRefundId: change.stripeRefundId, error: change.failureReason ?? change.status },
      guard,
    );
  } else {
    outcome = "pending";
    statements = refundPendingStatements(db, { refund: row, stripeRefundId: change.stripeRefundId }, guard);
  }
  const results = await runBatch(db, [...statements, ...after]);
  if (outcome === "succeeded") {
    const outboxId = returnedRows<{ id: number }>(results[2])[0]?.id;
    if (outboxId) await ctx.bindings.EMAIL_QUEUE.send({ outboxId });
  }
  return { outcome, recorded: recorded(results) };
}

const refundRowColumns = {
  id: refunds.id,
  orderId: refunds.orderId,
  amountPence: refunds.amountPence,
  reason: refunds.reason,
  createdBy: refunds.createdBy,
  cancelOrder: refunds.cancelOrder,
};

type RefundRow = Pick<typeof refunds.$inferSelect, keyof typeof refundRowColumns>;

/** A timeline entry written only if the statement before it changed a row. */
const eventAfterChange = (db: Database, orderId: number, kind: string, detail: string, actorId: number | null) =>
  insertWhere(db, orderEvents, { orderId, kind, detail, actorUserId: actorId }, { where: previousChangedOneRow });

/** Stripe is still working on it: the row knows its Stripe id, staff see it in progress, nobody is emailed. */
function refundPendingStatements(
  db: Database,
  change: { refund: RefundRow; stripeRefundId: string },
  guard: Guard,
): Query[] {
  return [
    db
      .update(refunds)
      .set({ stripeRefundId: change.stripeRefundId, updatedAt: sqlNow })
      .where(
        and(
          eq(refunds.id, change.refund.id),
          eq(refunds.status, "pending"),
          sql`${refunds.stripeRefundId} IS NULL`,
          clause(guard),
        ),
      ),
    eventAfterChange(
      db,
      change.refund.orderId,
      "refund",
      `Refund of ${(change.refund.amountPence / 100).toFixed(2)} requested; Stripe is processing it`,
      change.refund.createdBy,
    ),
  ];
}

/**
 * The refund went through: once (the row moves from pending), with the timeline entry, the
 * customer's email (third statement: its RETURNING id is queued), the refunded total recomputed
 * from succeeded refunds, the credit note (for an order with a VAT receipt), and the cancellation
 * if one was asked for.
 */
function refundSucceededStatements(
  db: Database,
  change: { refund: RefundRow; stripeRefundId: string; email: { subject: string; html: string; text: string } },
  guard: Guard,
): Query[] {
  const { refund, email } = change;
  const succeededTotal = sql`(SELECT coalesce(sum(${refunds.amountPence}), 0) FROM ${refunds}
    WHERE ${refunds.orderId} = ${refund.orderId} AND ${refunds.status} = 'succeeded')`;
  const statements: Query[] = [
    db
      .update(refunds)
      .set({ status: "succeeded", stripeRefundId: change.stripeRefundId, updatedAt: sqlNow })
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, "pending"), clause(guard))),
    eventAfterChange(
      db,
      refund.orderId,
      "refund",
      `Refunded ${(refund.amountPence / 100).toFixed(2)}${refund.reason ? `: ${refund.reason}` : ""}`,
      refund.createdBy,
    ),
    insertWhere(
      db,
      emailOutbox,
      {
        kind: `refund-${refund.id}`,
        orderId: orders.id,
        recipient: orders.email,
        subject: email.subject,
        html: email.html,
        text: email.text,
      },
      {
        from: sql`${orders}`,
        where: and(eq(orders.id, refund.orderId), previousChangedOneRow) as SQL,
        onConflict: sql`(${bare(emailOutbox.orderId)}, ${bare(emailOutbox.kind)}) DO NOTHING`,
        returning: sql`${bare(emailOutbox.id)}`,
      },
    ),
    // Recomputed from the refunds, so running this twice gives the same answer.
    db
      .update(orders)
      .set({ refundedPence: sql`max(${orders.refundedPence}, ${succeededTotal})`, updatedAt: sqlNow })
      .where(eq(orders.id, refund.orderId)),
    db
      .update(orders)
      .set({ status: "refunded" })
      .where(
        and(
          eq(orders.id, refund.orderId),
          eq(orders.status, "paid"),
          sql`${orders.refundedPence} >= ${orders.totalPence}`,
        ),
      ),
  ];
  statements.push(issueCreditNoteStatement(db, refund));
  if (refund.cancelOrder) statements.push(...cancelStatements(db, refund.orderId, refund.createdBy ?? 0));
  return statements;
}

/** Stripe could not refund it: the row says why, staff see it on the order, the customer hears nothing. */
function refundFailedStatements(
  db: Database,
  change: { refundId: number; stripeRefundId: string | null; error: string },
  guard: Guard = null,
): Query[] {
  return [
    db
      .update(refunds)
      .set({
        status: "failed",
        error: change.error,
        stripeRefundId: sql`coalesce(${change.stripeRefundId}, ${refunds.stripeRefundId})`,
        updatedAt: sqlNow,
      })
      .where(and(eq(refunds.id, change.refundId), eq(refunds.status, "pending"), clause(guard))),
  ];
}

/** Cancels and gives back stock and the slot, once (the `stock_returned` flag guards every step). */
function cancelStatements(db: Database, orderId: number, actorId: number | null): Query[] {
  const notYetReturned = sql`EXISTS (SELECT 1 FROM ${orders} WHERE ${orders.id} = ${orderId} AND ${orders.stockReturned} = 0)`;
  return [
    db
      .update(orders)
      .set({ fulfilmentStatus: "cancelled" })
      .where(and(eq(orders.id, orderId), notInArray(orders.fulfilmentStatus, ["collected", "delivered", "cancelled"]))),
    eventAfterChange(db, orderId, "status", "Cancelled", actorId),
    ...giveBackStatements(db, orderId, notYetReturned),
    db.update(orders).set({ stockReturned: true }).where(eq(orders.id, orderId)),
  ];
}
