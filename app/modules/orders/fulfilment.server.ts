import type { FulfilmentStatus } from "../../../database/schema";
import { orderProgressEmail } from "../email/order-emails.server";
import type { RequestContext } from "../platform/request-context.server";
import { emailKindFor, fulfilmentStatusLabel, nextSteps } from "./fulfilment";
import { findOrder } from "./order-queries.server";

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
  const db = ctx.db.$client;
  const kind = emailKindFor(input.to, order.fulfilment);
  const email = kind
    ? await orderProgressEmail(order, kind as "order-ready" | "order-dispatched", customerOrderUrl(input.origin, order))
    : null;
  const statements = [
    db
      .prepare(
        `UPDATE orders SET fulfilment_status = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ? AND fulfilment_status = ? AND status = 'paid'`,
      )
      .bind(input.to, order.id, input.from),
    // changes() is the UPDATE's: the timeline entry exists only if this request made the move.
    db
      .prepare(
        "INSERT INTO order_events (order_id, kind, detail, actor_user_id) SELECT ?, 'status', ?, ? WHERE changes() = 1",
      )
      .bind(order.id, `${label(input.from)} → ${label(input.to)}`, input.actorId),
  ];
  if (kind && email) {
    statements.push(
      db
        .prepare(
          `INSERT INTO email_outbox (kind, order_id, recipient, subject, html, text)
           SELECT ?, ?, ?, ?, ?, ? WHERE changes() = 1
           ON CONFLICT (order_id, kind) DO NOTHING RETURNING id`,
        )
        .bind(kind, order.id, order.email, email.subject, email.html, email.text),
    );
  }
  const results = await db.batch(statements);
  if ((results[0]?.meta.changes ?? 0) === 0) {
    const now = await findOrder(ctx, { id: order.id });
    return {
      ok: false,
      message: `Someone else already moved this order to "${label(now?.fulfilmentStatus ?? order.fulfilmentStatus)}".`,
    };
  }
  const outboxId = (results[2]?.results?.[0] as { id: number } | undefined)?.id;
  if (outboxId) await ctx.bindings.EMAIL_QUEUE.send({ outboxId });
  return { ok: true };
}

/**
 * Resolves a flag once staff have dealt with it (who and when are kept); only the kind they saw,
 * so another flag raised meanwhile stays open.
 */
export async function clearOrderFlag(ctx: Pick<RequestContext, "db">, orderId: number, flag: string, actorId: number) {
  const db = ctx.db.$client;
  const [cleared] = await db.batch([
    db
      .prepare(
        `UPDATE order_flags SET resolved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), resolved_by_user_id = ?
         WHERE order_id = ? AND kind = ? AND resolved_at IS NULL`,
      )
      .bind(actorId, orderId, flag),
    db
      .prepare(
        "INSERT INTO order_events (order_id, kind, detail, actor_user_id) SELECT ?, 'flag', ?, ? WHERE changes() = 1",
      )
      .bind(orderId, `Dealt with: ${flag.replaceAll("_", " ")}`, actorId),
  ]);
  return (cleared?.meta.changes ?? 0) > 0;
}
