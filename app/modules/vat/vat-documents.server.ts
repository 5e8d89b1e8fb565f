import { and, asc, eq } from "drizzle-orm";
import { data } from "react-router";
import { orderItems, orders, refunds, vatDocuments } from "../../../database/schema";
import { getSessionUser } from "../auth/session.server";
import { tokensMatch } from "../orders/order-queries.server";
import type { RequestContext } from "../platform/request-context.server";
import { readBakeryDetails } from "../settings/bakery-details.server";
import { creditNoteBreakdown, vatBreakdown, vatDocumentNumber } from "./vat";

type DocumentContext = Pick<RequestContext, "db">;

/** The parts of an order a VAT document prints: who bought, where it went, what was paid. */
const orderColumns = {
  id: orders.id,
  number: orders.number,
  accessToken: orders.accessToken,
  userId: orders.userId,
  name: orders.name,
  fulfilment: orders.fulfilment,
  slotDate: orders.slotDate,
  deliveryAddress: orders.deliveryAddress,
  deliveryPostcode: orders.deliveryPostcode,
  deliveryFeePence: orders.deliveryFeePence,
  discountPence: orders.discountPence,
  promotionCode: orders.promotionCode,
  totalPence: orders.totalPence,
  vatNumber: orders.vatNumber,
};

/** The order a VAT document belongs to, by number, with what its access checks need. */
function findDocumentOrder(ctx: DocumentContext, number: string) {
  return ctx.db.select(orderColumns).from(orders).where(eq(orders.number, number)).get();
}

/**
 * The order whose VAT documents this request may read, by the order page's own rule: the link's
 * `token` (constant-time compared), or being signed in as the account that placed it. Anything
 * else, like a missing order, is a 404 that says nothing about which it was.
 */
export async function orderForVatDocuments(
  ctx: Pick<RequestContext, "db" | "kv" | "env" | "waitUntil" | "memo">,
  request: Request,
  number: string,
) {
  const order = await findDocumentOrder(ctx, number);
  const token = new URL(request.url).searchParams.get("token");
  if (order && token !== null && (await tokensMatch(order.accessToken, token))) return { order, token };
  if (order?.userId != null) {
    const user = await getSessionUser(ctx, request);
    if (user?.id === order.userId) return { order, token: null };
  }
  throw data({ message: "We couldn't find that order. Check the link in your confirmation email." }, { status: 404 });
}

/** An order's lines with the VAT they were sold under, in basket order. */
export function vatLinesOf(ctx: DocumentContext, orderId: number) {
  return ctx.db
    .select({
      name: orderItems.name,
      unitPricePence: orderItems.unitPricePence,
      quantity: orderItems.quantity,
      vatCategory: orderItems.vatCategory,
      vatRateBps: orderItems.vatRateBps,
    })
    .from(orderItems)
    .where(eq(orderItems.orderId, orderId))
    .orderBy(asc(orderItems.id));
}

/** The seller as a VAT document names them: today's name and address, the VAT number of the sale. */
async function sellerOf(ctx: DocumentContext, vatNumber: string) {
  const bakery = await readBakeryDetails(ctx.db);
  return { name: bakery.name, lines: bakery.lines, postcode: bakery.postcode, vatNumber };
}

type Order = NonNullable<Awaited<ReturnType<typeof findDocumentOrder>>>;

/**
 * An order's VAT receipt (a full VAT invoice: HMRC's required details, VAT Notice 700 section 16),
 * or null when it has none (not paid, or sold while the bakery was not VAT-registered).
 */
export async function loadVatReceipt(ctx: DocumentContext, order: Order) {
  if (!order.vatNumber) return null;
  const [document, credits] = await ctx.db.batch([
    ctx.db
      .select({ id: vatDocuments.id, issuedAt: vatDocuments.issuedAt })
      .from(vatDocuments)
      .where(and(eq(vatDocuments.orderId, order.id), eq(vatDocuments.kind, "receipt"))),
    ctx.db
      .select({ id: vatDocuments.id, issuedAt: vatDocuments.issuedAt, amountPence: vatDocuments.amountPence })
      .from(vatDocuments)
      .where(and(eq(vatDocuments.orderId, order.id), eq(vatDocuments.kind, "credit_note")))
      .orderBy(asc(vatDocuments.id)),
  ]);
  const receipt = document[0];
  if (!receipt) return null;
  const breakdown = vatBreakdown({
    lines: await vatLinesOf(ctx, order.id),
    deliveryFeePence: order.deliveryFeePence,
    discountPence: order.discountPence,
  });
  return {
    number: vatDocumentNumber(receipt.id),
    issuedAt: receipt.issuedAt,
    seller: await sellerOf(ctx, order.vatNumber),
    breakdown,
    creditNotes: credits.map((credit) => ({ ...credit, number: vatDocumentNumber(credit.id) })),
  };
}

export type VatReceipt = NonNullable<Awaited<ReturnType<typeof loadVatReceipt>>>;

/** One of an order's credit notes, by its document number, with the receipt it corrects. */
export async function loadCreditNote(ctx: DocumentContext, order: Order, documentId: number) {
  const receipt = await loadVatReceipt(ctx, order);
  if (!receipt) return null;
  const note = await ctx.db
    .select({
      id: vatDocuments.id,
      issuedAt: vatDocuments.issuedAt,
      amountPence: vatDocuments.amountPence,
      reason: refunds.reason,
    })
    .from(vatDocuments)
    .innerJoin(refunds, eq(refunds.id, vatDocuments.refundId))
    .where(
      and(eq(vatDocuments.id, documentId), eq(vatDocuments.orderId, order.id), eq(vatDocuments.kind, "credit_note")),
    )
    .get();
  if (!note) return null;
  return {
    number: vatDocumentNumber(note.id),
    issuedAt: note.issuedAt,
    reason: note.reason,
    seller: receipt.seller,
    receiptNumber: receipt.number,
    receiptIssuedAt: receipt.issuedAt,
    breakdown: creditNoteBreakdown(note.amountPence, receipt.breakdown),
  };
}

export type CreditNote = NonNullable<Awaited<ReturnType<typeof loadCreditNote>>>;
