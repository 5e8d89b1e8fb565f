import { and, eq, isNull, sql } from "drizzle-orm";
import {
  emailOutbox,
  type FulfilmentStatus,
  type OrderFlagKind,
  orderEvents,
  orderFlags,
  orders,
} from "../../../database/schema";
import { openingHoursNow } from "../checkout/calendar.server";
import { orderProgressEmail } from "../email/order-emails.server";
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
import { findOrder } from "./order-queries.server";
import type { Query } from "./payment-transitions.server";

type FulfilmentContext = Pick<RequestContext, "db" | "bindings">;

export type AdvanceResult = { ok: true } | { ok: false; message: string };

/** The customer's own link to their order, as in every order email. */
export const customerOrderUrl = (origin: string, order: { number: string; accessToken: string }) =>
  `${origin}/orders/${order.number}?token=${order.accessToken}`;

/**
 * Moves a paid order one step on. `from` is the state the staff member saw: if someone else moved
 * the order meanwhile, nothing changes and they are told. The state change, its timeline entry and
 * the customer's email (at most one of each kind per order) are written in one batch.
 */
export async function advanceOrder(
  ctx: FulfilmentContext,
  input: { number: string; from: FulfilmentStatus; to: FulfilmentStatus; actorId: number; origin: string },
): Promise<AdvanceResult> {
  const order = await findOrder(ctx, { number: input.number });
  if (!order) return { ok: false, message: "That order doesn't exist." };
  const label = (s: FulfilmentStatus) => fulfilmentStatusLabel(s, order.fulfilment);
  if (order.fulfilmentStatus !== input.from) {
    return { ok: false, message: `Someone else already moved this order to "${label(order.fulfilmentStatus)}".` };
  }
  if (!nextSteps(order).includes(input.to)) {
    return {
      ok: false,
      message: `An order that is "${label(order.fulfilmentStatus)}" can't go to "${label(input.to)}".`,
    };
  }
  const { db } = ctx;
  const kind = emailKindFor(input.to, order.fulfilment);
  const email = kind
    ? await orderProgressEmail(
        order,
        kind as "order-ready" | "order-dispatched",
        customerOrderUrl(input.origin, order),
        await openingHoursNow(db),
      )
    : null;
  const statements: Query[] = [
    db
      .update(orders)
      .set({ fulfilmentStatus: input.to, updatedAt: sqlNow })
      .where(and(eq(orders.id, order.id), eq(orders.fulfilmentStatus, input.from), eq(orders.status, "paid"))),
    // changes() is the UPDATE's: the timeline entry exists only if this request made the move.
    insertWhere(
      db,
      orderEvents,
      {
        orderId: order.id,
        kind: "status",
        detail: `${label(input.from)} → ${label(input.to)}`,
        actorUserId: input.actorId,
      },
      { where: previousChangedOneRow },
    ),
  ];
  if (kind && email) {
    statements.push(
      insertWhere(
        db,
        emailOutbox,
        {
          kind,
          orderId: order.id,
          recipient: order.email,
          subject: email.subject,
          html: email.html,
          text: email.text,
        },
        {
          where: previousChangedOneRow,
          onConflict: sql`(${bare(emailOutbox.orderId)}, ${bare(emailOutbox.kind)}) DO NOTHING`,
          returning: sql`${bare(emailOutbox.id)}`,
        },
      ),
    );
  }
  const results = await runBatch(db, statements);
  if (rowsChanged(results[0]) === 0) {
    const now = await findOrder(ctx, { id: order.id });
    return {
      ok: false,
      message: `Someone else already moved this order to "${label(now?.fulfilmentStatus ?? order.fulfilmentStatus)}".`,
    };
  }
  const outboxId = returnedRows<{ id: number }>(results[2])[0]?.id;
  if (outboxId) await ctx.bindings.EMAIL_QUEUE.send({ outboxId });
  return { ok: true };
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
