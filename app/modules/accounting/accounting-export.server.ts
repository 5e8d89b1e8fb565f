import { stringify } from "csv-stringify/sync";
import { and, asc, type Column, count, eq, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { orderItems, orders, refunds, vatDocuments } from "../../../database/schema";
import { minorUnitsToDecimalString } from "../../lib/money";
import { addDays, shopDayStartsAt, shopLocalDateTime } from "../checkout/slots";
import { type Database, qualified } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { creditNoteBreakdown, type VatRateTotal, vatBreakdown, vatDocumentNumber } from "../vat/vat";
import { ACCOUNTING_COLUMNS, type AccountingColumn } from "./accounting-columns";
import type { AccountingPeriod } from "./accounting-export-form";

type ExportContext = Pick<RequestContext, "db">;

/**
 * Rows read per D1 round trip. Each page is one batch (the events and their orders' lines), so a
 * year of 25,000 sales and refunds is about 50 queries: within the Free plan's 50 D1 queries per
 * invocation, far within the Paid plan's 1,000; and a page's result is a few hundred kilobytes,
 * far under D1's 50 MB (decision 029).
 */
export const EXPORT_PAGE_SIZE = 500;

export type Cursor = { at: string; id: number };

/** Shop days as the UTC instants stored timestamps compare with: [first day 00:00, day after last 00:00). */
const instants = (period: AccountingPeriod) => ({
  start: shopDayStartsAt(period.from),
  end: shopDayStartsAt(addDays(period.to, 1)),
});

/** Rows after the cursor, in (time, id) order: keyset paging along an index, never OFFSET. */
const after = (at: Column, id: Column, cursor: Cursor | null) =>
  cursor ? (or(sql`${at} > ${cursor.at}`, and(sql`${at} = ${cursor.at}`, sql`${id} > ${cursor.id}`)) as SQL) : sql`1`;

type Line = { orderId: number } & Parameters<typeof vatBreakdown>[0]["lines"][number];

const lineColumns = {
  orderId: orderItems.orderId,
  name: orderItems.name,
  unitPricePence: orderItems.unitPricePence,
  quantity: orderItems.quantity,
  vatCategory: orderItems.vatCategory,
  vatRateBps: orderItems.vatRateBps,
};

const linesByOrder = (lines: Line[]) => {
  const byOrder = new Map<number, Line[]>();
  for (const line of lines) byOrder.set(line.orderId, [...(byOrder.get(line.orderId) ?? []), line]);
  return byOrder;
};

type MoneyEvent = { at: string; id: number; kind: "sale" | "refund"; record: Record<AccountingColumn, string> };

/**
 * One page of paid orders after `cursor` (keyset along orders_paid_at_idx) and their lines: the
 * export's read, exported so the query-plan test checks it uses its index.
 */
export function salesPage(db: Database, period: AccountingPeriod, cursor: Cursor | null) {
  const { start, end } = instants(period);
  const where = and(gte(orders.paidAt, start), lt(orders.paidAt, end), after(orders.paidAt, orders.id, cursor));
  const page = db
    .select({ id: orders.id })
    .from(orders)
    .where(where)
    .orderBy(asc(orders.paidAt), asc(orders.id))
    .limit(EXPORT_PAGE_SIZE);
  return {
    rows: db
      .select({
        id: orders.id,
        number: orders.number,
        paidAt: sql<string>`${orders.paidAt}`,
        subtotalPence: orders.subtotalPence,
        deliveryFeePence: orders.deliveryFeePence,
        discountPence: orders.discountPence,
        promotionCode: orders.promotionCode,
        totalPence: orders.totalPence,
        vatNumber: orders.vatNumber,
        paymentIntent: orders.stripePaymentIntentId,
        receiptId: sql<number | null>`(SELECT ${vatDocuments.id} FROM ${vatDocuments}
          WHERE ${vatDocuments.orderId} = ${qualified(orders.id)} AND ${vatDocuments.kind} = 'receipt')`,
      })
      .from(orders)
      .where(where)
      .orderBy(asc(orders.paidAt), asc(orders.id))
      .limit(EXPORT_PAGE_SIZE),
    lines: db.select(lineColumns).from(orderItems).where(inArray(orderItems.orderId, page)).orderBy(asc(orderItems.id)),
  };
}

/** Paid orders in the period, a page at a time, each with its VAT worked out from its lines. */
async function* sales(ctx: ExportContext, period: AccountingPeriod): AsyncGenerator<MoneyEvent> {
  let cursor: Cursor | null = null;
  for (;;) {
    const { rows: rowsQuery, lines: linesQuery } = salesPage(ctx.db, period, cursor);
    const [rows, lines] = await ctx.db.batch([rowsQuery, linesQuery]);
    const byOrder = linesByOrder(lines);
    for (const order of rows) {
      const breakdown = vatBreakdown({
        lines: byOrder.get(order.id) ?? [],
        deliveryFeePence: order.deliveryFeePence,
        discountPence: order.discountPence,
      });
      yield {
        at: order.paidAt,
        id: order.id,
        kind: "sale",
        record: record({
          at: order.paidAt,
          type: "Sale",
          order: order.number,
          document: order.receiptId === null ? "" : vatDocumentNumber(order.receiptId),
          payment: order.paymentIntent ?? "",
          goods: order.subtotalPence,
          delivery: order.deliveryFeePence,
          discount: order.discountPence,
          promotion: order.promotionCode ?? "",
          total: order.totalPence,
          registered: order.vatNumber !== null,
          rates: breakdown.rates,
        }),
      };
    }
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_PAGE_SIZE) return;
    cursor = { at: last.paidAt, id: last.id };
  }
}

/** One page of refunds that went through, after `cursor` (along refunds_status_updated_idx), and their orders' lines. */
export function refundsPage(db: Database, period: AccountingPeriod, cursor: Cursor | null) {
  const { start, end } = instants(period);
  const where = and(
    eq(refunds.status, "succeeded"),
    gte(refunds.updatedAt, start),
    lt(refunds.updatedAt, end),
    after(refunds.updatedAt, refunds.id, cursor),
  );
  const page = db
    .select({ orderId: refunds.orderId })
    .from(refunds)
    .where(where)
    .orderBy(asc(refunds.updatedAt), asc(refunds.id))
    .limit(EXPORT_PAGE_SIZE);
  return {
    rows: db
      .select({
        id: refunds.id,
        at: refunds.updatedAt,
        amountPence: refunds.amountPence,
        orderId: refunds.orderId,
        number: orders.number,
        deliveryFeePence: orders.deliveryFeePence,
        discountPence: orders.discountPence,
        promotionCode: orders.promotionCode,
        vatNumber: orders.vatNumber,
        paymentIntent: orders.stripePaymentIntentId,
        creditNoteId: sql<number | null>`(SELECT ${vatDocuments.id} FROM ${vatDocuments}
          WHERE ${vatDocuments.orderId} = ${qualified(refunds.orderId)}
            AND ${vatDocuments.refundId} = ${qualified(refunds.id)})`,
      })
      .from(refunds)
      .innerJoin(orders, eq(orders.id, refunds.orderId))
      .where(where)
      .orderBy(asc(refunds.updatedAt), asc(refunds.id))
      .limit(EXPORT_PAGE_SIZE),
    lines: db.select(lineColumns).from(orderItems).where(inArray(orderItems.orderId, page)).orderBy(asc(orderItems.id)),
  };
}

/** Refunds that went through in the period, each split across its order's VAT rates like its credit note. */
async function* refundsIn(ctx: ExportContext, period: AccountingPeriod): AsyncGenerator<MoneyEvent> {
  let cursor: Cursor | null = null;
  for (;;) {
    const { rows: rowsQuery, lines: linesQuery } = refundsPage(ctx.db, period, cursor);
    const [rows, lines] = await ctx.db.batch([rowsQuery, linesQuery]);
    const byOrder = linesByOrder(lines);
    for (const refund of rows) {
      const receipt = vatBreakdown({
        lines: byOrder.get(refund.orderId) ?? [],
        deliveryFeePence: refund.deliveryFeePence,
        discountPence: refund.discountPence,
      });
      const credit = creditNoteBreakdown(refund.amountPence, receipt);
      yield {
        at: refund.at,
        id: refund.id,
        kind: "refund",
        record: record({
          at: refund.at,
          type: "Refund",
          order: refund.number,
          document: refund.creditNoteId === null ? "" : vatDocumentNumber(refund.creditNoteId),
          payment: refund.paymentIntent ?? "",
          goods: null,
          delivery: null,
          discount: null,
          promotion: refund.promotionCode ?? "",
          total: -refund.amountPence,
          registered: refund.vatNumber !== null,
          rates: credit.rates.map((rate) => ({
            ...rate,
            grossPence: -rate.grossPence,
            vatPence: -rate.vatPence,
            netPence: -rate.netPence,
          })),
        }),
      };
    }
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_PAGE_SIZE) return;
    cursor = { at: last.at, id: last.id };
  }
}

const pounds = (pence: number) => minorUnitsToDecimalString(pence);

/** One CSV row's cells. The VAT columns add up, with the not-registered column, to the total. */
function record(row: {
  at: string;
  type: string;
  order: string;
  document: string;
  payment: string;
  goods: number | null;
  delivery: number | null;
  discount: number | null;
  promotion: string;
  total: number;
  registered: boolean;
  rates: VatRateTotal[];
}): Record<AccountingColumn, string> {
  const local = shopLocalDateTime(new Date(row.at));
  const of = (category: VatRateTotal["vatCategory"], part: "netPence" | "vatPence" | "grossPence") =>
    row.registered
      ? row.rates.filter((rate) => rate.vatCategory === category).reduce((sum, rate) => sum + rate[part], 0)
      : 0;
  return {
    date: local.slice(0, 10),
    time: local.slice(11, 16),
    type: row.type,
    order: row.order,
    document: row.document,
    payment: row.payment,
    goods: row.goods === null ? "" : pounds(row.goods),
    delivery: row.delivery === null ? "" : pounds(row.delivery),
    discount: row.discount === null ? "" : pounds(-row.discount),
    promotion: row.promotion,
    total: pounds(row.total),
    standardNet: pounds(of("standard", "netPence")),
    standardVat: pounds(of("standard", "vatPence")),
    reducedNet: pounds(of("reduced", "netPence")),
    reducedVat: pounds(of("reduced", "vatPence")),
    zeroRated: pounds(of("zero", "grossPence")),
    notRegistered: pounds(row.registered ? 0 : row.total),
    vat: pounds(row.registered ? row.rates.reduce((sum, rate) => sum + rate.vatPence, 0) : 0),
  };
}

/** Sales and refunds merged into one timeline, earliest first (a sale before a refund at the same moment). */
export async function* accountingEvents(ctx: ExportContext, period: AccountingPeriod): AsyncGenerator<MoneyEvent> {
  const a = sales(ctx, period);
  const b = refundsIn(ctx, period);
  let [x, y] = await Promise.all([a.next(), b.next()]);
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value.at <= y.value.at)) {
      if (!x.done) yield x.value;
      x = await a.next();
    } else {
      yield y.value;
      y = await b.next();
    }
  }
}

const header = ACCOUNTING_COLUMNS.map((column) => column.header);
const keys = ACCOUNTING_COLUMNS.map((column) => column.key);
/** Windows line ends, as Excel writes CSV; RFC 4180 allows them and every reader accepts them. */
const csvOptions = { record_delimiter: "windows" } as const;

/**
 * The export as a stream: the byte-order mark (so Excel reads UTF-8), the header, then rows as the
 * reader takes them. It asks D1 for the next page only when the last is sent, so memory holds one
 * page however long the period (Workers have 128 MB).
 */
export function accountingCsv(ctx: ExportContext, period: AccountingPeriod): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const events = accountingEvents(ctx, period);
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(`\uFEFF${stringify([header], csvOptions)}`));
      },
      async pull(controller) {
        const batch: string[][] = [];
        for (let i = 0; i < EXPORT_PAGE_SIZE; i++) {
          const next = await events.next();
          if (next.done) break;
          batch.push(keys.map((key) => next.value.record[key]));
        }
        if (batch.length > 0) controller.enqueue(encoder.encode(stringify(batch, csvOptions)));
        if (batch.length < EXPORT_PAGE_SIZE) controller.close();
      },
      async cancel() {
        await events.return(undefined);
      },
    },
    // One pull at a time: the next page is read once the last has gone out.
    { highWaterMark: 0 },
  );
}

/** What the period holds, for the page before the download: counts and money in and out. */
export async function accountingSummary(ctx: ExportContext, period: AccountingPeriod) {
  const { start, end } = instants(period);
  const [[sold], [refunded]] = await ctx.db.batch([
    ctx.db
      .select({ count: count(), pence: sql<number>`coalesce(sum(${orders.totalPence}), 0)`.mapWith(Number) })
      .from(orders)
      .where(and(gte(orders.paidAt, start), lt(orders.paidAt, end))),
    ctx.db
      .select({ count: count(), pence: sql<number>`coalesce(sum(${refunds.amountPence}), 0)`.mapWith(Number) })
      .from(refunds)
      .where(and(eq(refunds.status, "succeeded"), gte(refunds.updatedAt, start), lt(refunds.updatedAt, end))),
  ]);
  return {
    sales: { count: sold?.count ?? 0, pence: sold?.pence ?? 0 },
    refunds: { count: refunded?.count ?? 0, pence: refunded?.pence ?? 0 },
  };
}
