import { and, eq, isNull, sql } from "drizzle-orm";
import {
  emailOutbox,
  type FulfilmentStatus,
  type OrderFlagKind,
  orderEvents,
  orderFlags,
  orders,
} from "../../../database/schema";
import { orderProgressEmail } from "../email/order-emails.server";
import { shopForEmails } from "../email/render-email.server";
import type { EmailShop } from "../email/templates/layout";
import {
  bare,
  insertWhere,
  previousChangedOneRow,
  returnedRows,
  rowsChanged,
  runBatch,
  sqlNow,
} from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { emailKindFor, fulfilmentStatusLabel, nextSteps } from "./fulfilment";
import { findOrdersByNumber, type OrderView } from "./order-queries.server";
import type { Query } from "./payment-transitions.server";

type FulfilmentContext = Pick<RequestContext, "db" | "bindings">;

export type AdvanceResult = { ok: true } | { ok: false; message: string };

/** The customer's own link to their order, as in every order email. */
export const customerOrderUrl = (origin: string, order: { number: string; accessToken: string }) =>
  `${origin}/orders/${order.number}?token=${order.accessToken}`;

/** Orders moved in one D1 batch (three statements each: well within D1's limits per batch). */
const ORDERS_PER_BATCH = 25;

type OrderStep = { order: OrderView; from: FulfilmentStatus; to: FulfilmentStatus };

/** Why an order can't take a step, in the words staff read; null when it can. */
function stepRefusal({ order, from, to }: OrderStep): string | null {
  const label = (s: FulfilmentStatus) => fulfilmentStatusLabel(s, order.fulfilment);
  if (order.fulfilmentStatus !== from)
    return `someone else already moved this order to "${label(order.fulfilmentStatus)}"`;
  if (!nextSteps(order).includes(to))
    return `an order that is "${label(order.fulfilmentStatus)}" can't go to "${label(to)}"`;
  return null;
}

/**
 * The statements of one step (decision 010): the guarded state change, its timeline entry and the
 * customer's email (at most one of each kind per order), each effect only if the change applied.
 */
async function stepStatements(
  ctx: FulfilmentContext,
  step: OrderStep,
  actorId: number,
  origin: string,
  shop: EmailShop | null,
) {
  const { db } = ctx;
  const { order, from, to } = step;
  const label = (s: FulfilmentStatus) => fulfilmentStatusLabel(s, order.fulfilment);
  const kind = emailKindFor(to, order.fulfilment);
  const email = kind
    ? await orderProgressEmail(
        order,
        kind as "order-ready" | "order-dispatched",
        customerOrderUrl(origin, order),
        // Read once per call when any step sends an email (advanceOrders).
        shop as EmailShop,
      )
    : null;
  const statements: Query[] = [
    db
      .update(orders)
      .set({ fulfilmentStatus: to, updatedAt: sqlNow })
      .where(and(eq(orders.id, order.id), eq(orders.fulfilmentStatus, from), eq(orders.status, "paid"))),
    // changes() is the UPDATE's: the timeline entry exists only if this request made the move.
    insertWhere(
      db,
      orderEvents,
      { orderId: order.id, kind: "status", detail: `${label(from)} → ${label(to)}`, actorUserId: actorId },
      { where: previousChangedOneRow },
    ),
  ];
  if (kind && email) {
    statements.push(
      insertWhere(
        db,
        emailOutbox,
        { kind, orderId: order.id, recipient: order.email, subject: email.subject, html: email.html, text: email.text },
        {
          where: previousChangedOneRow,
          onConflict: sql`(${bare(emailOutbox.orderId)}, ${bare(emailOutbox.kind)}) DO NOTHING`,
          returning: sql`${bare(emailOutbox.id)}`,
        },
      ),
    );
  }
  return statements;
}

export type StepsResult = {
  moved: string[];
  /** Orders not moved, by number, with why. */
  skipped: { number: string; why: string }[];
};

/**
 * Moves paid orders one step on, as staff do on bake morning (one order from its page, or many
 * ticked on the list). Each order names the state the staff member saw (`from`): one someone else
 * moved meanwhile, or that can't take the step, is skipped and said why; the others move. Orders
 * are read in one batch and written `ORDERS_PER_BATCH` at a time; the customers' emails are queued
 * in one message batch per write.
 */
export async function advanceOrders(
  ctx: FulfilmentContext,
  input: {
    orders: { number: string; from: FulfilmentStatus }[];
    to: FulfilmentStatus;
    actorId: number;
    origin: string;
  },
): Promise<StepsResult> {
  const found = await findOrdersByNumber(ctx, [...new Set(input.orders.map((order) => order.number))]);
  const result: StepsResult = { moved: [], skipped: [] };
  const steps: OrderStep[] = [];
  for (const { number, from } of input.orders) {
    const order = found.get(number);
    if (!order) {
      result.skipped.push({ number, why: "it doesn't exist" });
      continue;
    }
    const step = { order, from, to: input.to };
    const refusal = stepRefusal(step);
    if (refusal) result.skipped.push({ number, why: refusal });
    else steps.push(step);
  }
  const shop = steps.length > 0 ? await shopForEmails(ctx.db) : null;
  for (let start = 0; start < steps.length; start += ORDERS_PER_BATCH) {
    const chunk = steps.slice(start, start + ORDERS_PER_BATCH);
    const perOrder = await Promise.all(
      chunk.map((step) => stepStatements(ctx, step, input.actorId, input.origin, shop)),
    );
    const results = await runBatch(ctx.db, perOrder.flat());
    const outboxIds: number[] = [];
    let position = 0;
    chunk.forEach((step, index) => {
      const count = perOrder[index]?.length ?? 0;
      if (rowsChanged(results[position]) === 1) {
        result.moved.push(step.order.number);
        const outboxId = count === 3 ? returnedRows<{ id: number }>(results[position + 2])[0]?.id : undefined;
        if (outboxId) outboxIds.push(outboxId);
      } else {
        result.skipped.push({ number: step.order.number, why: "someone else moved this order at the same moment" });
      }
      position += count;
    });
    if (outboxIds.length > 0) {
      await ctx.bindings.EMAIL_QUEUE.sendBatch(outboxIds.map((outboxId) => ({ body: { outboxId } })));
    }
  }
  return result;
}

/**
 * Moves one paid order one step on (its page's buttons): `advanceOrders` for one, answered in a
 * sentence. `from` is the state the staff member saw.
 */
export async function advanceOrder(
  ctx: FulfilmentContext,
  input: { number: string; from: FulfilmentStatus; to: FulfilmentStatus; actorId: number; origin: string },
): Promise<AdvanceResult> {
  const { skipped } = await advanceOrders(ctx, {
    orders: [{ number: input.number, from: input.from }],
    to: input.to,
    actorId: input.actorId,
    origin: input.origin,
  });
  const refusal = skipped[0];
  if (!refusal) return { ok: true };
  const sentence = refusal.why.charAt(0).toUpperCase() + refusal.why.slice(1);
  return { ok: false, message: refusal.why === "it doesn't exist" ? "That order doesn't exist." : `${sentence}.` };
}

/**
 * Resolves a flag once staff have dealt with it (who and when are kept); only the kind they saw,
 * so another flag raised meanwhile stays open.
 */
export async function clearOrderFlag(ctx: Pick<RequestContext, "db">, orderId: number, flag: string, actorId: number) {
  const [cleared] = await ctx.db.batch([
    ctx.db
      .update(orderFlags)
      .set({ resolvedAt: sqlNow, resolvedByUserId: actorId })
      .where(
        and(eq(orderFlags.orderId, orderId), eq(orderFlags.kind, flag as OrderFlagKind), isNull(orderFlags.resolvedAt)),
      ),
    insertWhere(
      ctx.db,
      orderEvents,
      { orderId, kind: "flag", detail: `Dealt with: ${flag.replaceAll("_", " ")}`, actorUserId: actorId },
      { where: previousChangedOneRow },
    ),
  ]);
  return rowsChanged(cleared) > 0;
}
