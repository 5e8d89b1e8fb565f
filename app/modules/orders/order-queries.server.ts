import { asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { orderFlags, orderItems, orders, refunds, vatDocuments } from "../../../database/schema";
import { qualified } from "../platform/db.server";
import { orderWhere } from "../platform/hot-queries.server";
import type { RequestContext } from "../platform/request-context.server";

const orderViewColumns = {
  id: orders.id,
  number: orders.number,
  accessToken: orders.accessToken,
  email: orders.email,
  name: orders.name,
  status: orders.status,
  fulfilment: orders.fulfilment,
  slotDate: orders.slotDate,
  slotTime: orders.slotTime,
  deliveryAddress: orders.deliveryAddress,
  deliveryPostcode: orders.deliveryPostcode,
  subtotalPence: orders.subtotalPence,
  deliveryFeePence: orders.deliveryFeePence,
  totalPence: orders.totalPence,
  discountPence: orders.discountPence,
  promotionCode: orders.promotionCode,
  currency: orders.currency,
  createdAt: orders.createdAt,
  phone: orders.phone,
  fulfilmentStatus: orders.fulfilmentStatus,
  refundedPence: orders.refundedPence,
  stripePaymentIntentId: orders.stripePaymentIntentId,
  paidAt: orders.paidAt,
  /** Refunds asked of Stripe that it has not yet settled either way. */
  pendingRefundPence: sql<number>`(SELECT coalesce(sum(${refunds.amountPence}), 0) FROM ${refunds}
    WHERE ${refunds.orderId} = ${qualified(orders.id)} AND ${refunds.status} = 'pending')`,
  /** Its VAT receipt's number in the series, once it has one (decision 028). */
  vatReceiptId: sql<number | null>`(SELECT ${vatDocuments.id} FROM ${vatDocuments}
    WHERE ${vatDocuments.orderId} = ${qualified(orders.id)} AND ${vatDocuments.kind} = 'receipt')`,
  flagsJson: sql<string>`(SELECT json_group_array(json_object('kind', kind, 'reason', reason, 'createdAt', created_at))
    FROM (SELECT ${orderFlags.kind} AS kind, ${orderFlags.reason} AS reason, ${orderFlags.createdAt} AS created_at
      FROM ${orderFlags} WHERE ${orderFlags.orderId} = ${qualified(orders.id)} AND ${orderFlags.resolvedAt} IS NULL
      ORDER BY ${orderFlags.id}))`,
};

/** A line as it was bought: name and price snapshots, quantity and message. */
const orderLineColumns = {
  productId: orderItems.productId,
  name: orderItems.name,
  unitPricePence: orderItems.unitPricePence,
  quantity: orderItems.quantity,
  message: orderItems.message,
};

const selectOrder = (ctx: Pick<RequestContext, "db">, condition: SQL) =>
  ctx.db.select(orderViewColumns).from(orders).where(condition).get();

type OrderRow = NonNullable<Awaited<ReturnType<typeof selectOrder>>>;

export type OrderView = Omit<OrderRow, "flagsJson"> & {
  /** Open flags: what staff must still look at, oldest first. */
  flags: { kind: string; reason: string; createdAt: string }[];
  items: { productId: number; name: string; unitPricePence: number; quantity: number; message: string }[];
};

type Where = { stripeSessionId: string } | { id: number } | { number: string };

/** Takes only the database, so the queue consumer (which has no request) can use it too. */
export async function findOrder(ctx: Pick<RequestContext, "db">, where: Where): Promise<OrderView | null> {
  const order = await selectOrder(ctx, orderWhere(where));
  if (!order) return null;
  const items = await orderLines(ctx, order.id);
  const { flagsJson, ...rest } = order;
  return { ...rest, flags: JSON.parse(flagsJson) as OrderView["flags"], items };
}

/** Some orders by number, with their lines: one batch, however many (at most 100 numbers a call). */
export async function findOrdersByNumber(
  ctx: Pick<RequestContext, "db">,
  numbers: readonly string[],
): Promise<Map<string, OrderView>> {
  const found = new Map<string, OrderView>();
  if (numbers.length === 0) return found;
  const [rows, lines] = await ctx.db.batch([
    ctx.db
      .select(orderViewColumns)
      .from(orders)
      .where(inArray(orders.number, [...numbers])),
    ctx.db
      .select({ orderId: orderItems.orderId, ...orderLineColumns })
      .from(orderItems)
      .where(
        inArray(
          orderItems.orderId,
          ctx.db
            .select({ id: orders.id })
            .from(orders)
            .where(inArray(orders.number, [...numbers])),
        ),
      )
      .orderBy(asc(orderItems.id)),
  ]);
  for (const { flagsJson, ...row } of rows) {
    const items = lines.filter((line) => line.orderId === row.id).map(({ orderId: _orderId, ...line }) => line);
    found.set(row.number, { ...row, flags: JSON.parse(flagsJson) as OrderView["flags"], items });
  }
  return found;
}

/** An order's lines as they were bought (name and price snapshots), in basket order. */
export function orderLines(ctx: Pick<RequestContext, "db">, orderId: number) {
  return ctx.db
    .select(orderLineColumns)
    .from(orderItems)
    .where(eq(orderItems.orderId, orderId))
    .orderBy(asc(orderItems.id));
}

/** Compares secrets in constant time, so response timing reveals nothing about the token. */
export async function tokensMatch(expected: string, given: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
  ]);
  // Equal-length digests, compared without an early exit.
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let difference = 0;
  for (let i = 0; i < x.length; i++) difference |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return difference === 0;
}
