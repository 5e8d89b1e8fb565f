import type { SessionUser } from "../auth/session.server";
import type { RequestContext } from "../platform/request-context.server";
import { findOrder, type OrderView } from "./order-queries.server";

type AccountContext = Pick<RequestContext, "db">;

export type OrderListItem = { number: string; status: string; totalPence: number; currency: string; createdAt: string };

/**
 * Guest orders placed with the account's email are claimed, but only once that email is
 * verified: otherwise anyone could sign up with someone else's address and read their orders.
 */
export async function claimGuestOrders(ctx: AccountContext, user: SessionUser): Promise<void> {
  await ctx.db.$client
    .prepare(
      `UPDATE orders SET user_id = ? WHERE user_id IS NULL AND email = ?
       AND EXISTS (SELECT 1 FROM users WHERE id = ? AND email_verified_at IS NOT NULL)`,
    )
    .bind(user.id, user.email, user.id)
    .run();
}

export async function listAccountOrders(ctx: AccountContext, userId: number): Promise<OrderListItem[]> {
  const { results } = await ctx.db.$client
    .prepare(
      `SELECT number, status, total_pence AS totalPence, currency, created_at AS createdAt FROM orders
       WHERE user_id = ? AND status != 'expired' ORDER BY id DESC LIMIT 100`,
    )
    .bind(userId)
    .all<OrderListItem>();
  return results;
}

/** An order of this account, or null (the caller answers 404 whether it exists or not). */
export async function findAccountOrder(ctx: AccountContext, userId: number, number: string): Promise<OrderView | null> {
  const order = await findOrder(ctx, { number });
  if (!order) return null;
  const owner = await ctx.db.$client
    .prepare("SELECT user_id FROM orders WHERE id = ?")
    .bind(order.id)
    .first<number>("user_id");
  return owner === userId ? order : null;
}
