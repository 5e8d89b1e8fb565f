import { and, eq, exists, isNotNull, isNull } from "drizzle-orm";
import { orders, users } from "../../../database/schema";
import { accountProfileQuery } from "../auth/account.server";
import type { SessionUser } from "../auth/session.server";
import { ordersOfUser } from "../platform/hot-queries.server";
import type { RequestContext } from "../platform/request-context.server";
import { findOrder, type OrderView } from "./order-queries.server";

type AccountContext = Pick<RequestContext, "db">;

/**
 * The account page's data in one D1 round trip: guest orders placed with the account's email are
 * claimed first, so they are listed, but only once that email is verified (otherwise anyone could
 * sign up with someone else's address and read their orders); then the profile and the orders.
 */
export async function loadAccountPage(ctx: AccountContext, user: SessionUser) {
  const verified = ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, user.id), isNotNull(users.emailVerifiedAt)));
  const [, [profile], accountOrders] = await ctx.db.batch([
    ctx.db
      .update(orders)
      .set({ userId: user.id })
      .where(and(isNull(orders.userId), eq(orders.email, user.email), exists(verified))),
    accountProfileQuery(ctx.db, user.id),
    ordersOfUser(ctx.db, user.id),
  ]);
  return { profile: profile ?? null, orders: accountOrders };
}

export type OrderListItem = Awaited<ReturnType<typeof loadAccountPage>>["orders"][number];

/** An order of this account, or null (the caller answers 404 whether it exists or not). */
export async function findAccountOrder(ctx: AccountContext, userId: number, number: string): Promise<OrderView | null> {
  const order = await findOrder(ctx, { number });
  if (!order) return null;
  const [owner] = await ctx.db.select({ userId: orders.userId }).from(orders).where(eq(orders.id, order.id));
  return owner?.userId === userId ? order : null;
}
