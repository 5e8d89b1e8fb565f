import { and, eq, inArray, isNotNull, type SQL, sql } from "drizzle-orm";
import { orders, refunds, vatDocuments } from "../../../database/schema";
import { bare, type Database, insertWhere, sqlNow } from "../platform/db.server";
import type { Query } from "./payment-transitions.server";

const writeOnce = sql`(${bare(vatDocuments.orderId)}, ${bare(vatDocuments.refundId)}) DO NOTHING`;

/**
 * The VAT receipt of an order placed while the bakery was VAT-registered, issued in the batch that
 * marks it paid, with the payment's time as its tax point. Its number is the next in the series;
 * the unique (order, refund 0) makes a repeated payment event issue nothing more (decision 028).
 * `onlyIf` is the caller's guard (a webhook's "event not yet recorded").
 */
export function issueReceiptStatement(db: Database, orderId: number, onlyIf: SQL): Query {
  return insertWhere(
    db,
    vatDocuments,
    { kind: "receipt", orderId: orders.id, refundId: 0, amountPence: orders.totalPence, issuedAt: orders.paidAt },
    {
      from: sql`${orders}`,
      where: and(
        eq(orders.id, orderId),
        inArray(orders.status, ["paid", "refunded"]),
        isNotNull(orders.paidAt),
        isNotNull(orders.vatNumber),
        onlyIf,
      ) as SQL,
      onConflict: writeOnce,
    },
  );
}

/**
 * A credit note for a refund that has just succeeded, on an order that has a VAT receipt; in the
 * refund's batch, once (unique order and refund).
 */
export function issueCreditNoteStatement(
  db: Database,
  refund: { id: number; orderId: number; amountPence: number },
): Query {
  return insertWhere(
    db,
    vatDocuments,
    {
      kind: "credit_note",
      orderId: orders.id,
      refundId: refund.id,
      amountPence: refund.amountPence,
      issuedAt: sqlNow,
    },
    {
      from: sql`${orders}`,
      where: and(
        eq(orders.id, refund.orderId),
        sql`EXISTS (SELECT 1 FROM ${refunds} WHERE ${refunds.id} = ${refund.id} AND ${refunds.status} = 'succeeded')`,
        sql`EXISTS (SELECT 1 FROM ${vatDocuments} WHERE ${vatDocuments.orderId} = ${refund.orderId}
          AND ${vatDocuments.kind} = 'receipt')`,
      ) as SQL,
      onConflict: writeOnce,
    },
  );
}
