import { and, eq, exists, isNotNull, isNull } from "drizzle-orm";
import { orders, users } from "../../../database/schema";
import type { SessionUser } from "../auth/session.server";
import { ordersOfUser } from "../platform/hot-queries.server";
import type { RequestContext } from "../platform/request-context.server";
import { findOrder, type OrderView } from "./order-queries.server";

type AccountContext = Pick<RequestContext, "db">;

/**
 * Guest orders placed with the account's email are claimed, but only once that email is
 * verified: otherwise anyone could sign up with someone else's address and read their orders.
 */
export async function claimGuestOrders(ctx: AccountContext, user: SessionUser): Promise<void> {
  const verified = ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, user.id), isNotNull(users.emailVerifiedAt)));
  await ctx.db
    .update(orders)
    .set({ userId: user.id })
    .where(and(isNull(orders.userId), eq(orders.email, user.email), exists(verified)));
}

export function listAccountOrders(ctx: AccountContext, userId: number) {
  return ordersOfUser(ctx.db, userId);
}

export type OrderListItem = Awaited<ReturnType<typeof listAccountOrders>>[number];

/** An order of this account, or null (the caller answers 404 whether it exists or not). */
export async function findAccountOrder(ctx: AccountContext, userId: number, number: string): Promise<OrderView | null> {
  const order = await findOrder(ctx, { number });
  if (!order) return null;
  const [owner] = await ctx.db.select({ userId: orders.userId }).from(orders).where(eq(orders.id, order.id));
  return owner?.userId === userId ? order : null;
}
