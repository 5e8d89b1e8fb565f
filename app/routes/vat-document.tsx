import { data } from "react-router";
import { CreditNoteView, VatReceiptView } from "../components/vat-document";
import { SHOP_NAME } from "../lib/constants";
import { shopLocalDateTime } from "../modules/checkout/slots";
import { getRequestContext } from "../modules/platform/request-context.server";
import { loadCreditNote, loadVatReceipt, orderForVatDocuments } from "../modules/vat/vat-documents.server";
import type { Route } from "./+types/vat-document";

/**
 * An order's VAT receipt (/orders/:number/receipt) or one of its credit notes
 * (/orders/:number/credit-notes/:document), printable on A4. Who may see them is the order page's
 * rule: its link's token, or the account that placed it (decision 028).
 */
export async function loader({ params, request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const { order, token } = await orderForVatDocuments(ctx, request, params.number);
  const query = token ? `?token=${encodeURIComponent(token)}` : "";
  const base = `/orders/${order.number}`;
  const documentOrder = {
    number: order.number,
    promotionCode: order.promotionCode,
    name: order.name,
    fulfilment: order.fulfilment,
    slotDate: order.slotDate,
    deliveryAddress: order.deliveryAddress,
    deliveryPostcode: order.deliveryPostcode,
  };
  const local = (iso: string) => shopLocalDateTime(new Date(iso));
  const missing = () =>
    data(
      {
        message: order.vatNumber
          ? "This order has no VAT document of that number yet. A receipt is issued once the order is paid."
          : "This order was placed while the bakery was not VAT-registered, so it has no VAT receipt.",
      },
      { status: 404 },
    );
  if (params.document === undefined) {
    const receipt = await loadVatReceipt(ctx, order);
    if (!receipt) throw missing();
    return {
      kind: "receipt" as const,
      receipt,
      order: documentOrder,
      issuedAtLocal: local(receipt.issuedAt),
      base,
      query,
    };
  }
  const id = /^\d{1,9}$/.test(params.document) ? Number(params.document) : 0;
  const note = id ? await loadCreditNote(ctx, order, id) : null;
  if (!note) throw missing();
  return {
    kind: "credit-note" as const,
    note,
    order: documentOrder,
    issuedAtLocal: local(note.issuedAt),
    receiptIssuedAtLocal: local(note.receiptIssuedAt),
    base,
    query,
  };
}

export const meta: Route.MetaFunction = ({ loaderData }) => [
  {
    title: loaderData
      ? `${loaderData.kind === "receipt" ? `VAT receipt ${loaderData.receipt.number}` : `Credit note ${loaderData.note.number}`} for order ${loaderData.order.number} | ${SHOP_NAME}`
      : `VAT receipt | ${SHOP_NAME}`,
  },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export default function VatDocument({ loaderData }: Route.ComponentProps) {
  const { base, query } = loaderData;
  if (loaderData.kind === "receipt") {
    return (
      <VatReceiptView
        receipt={loaderData.receipt}
        order={loaderData.order}
        issuedAtLocal={loaderData.issuedAtLocal}
        creditNoteHref={(number) => `${base}/credit-notes/${Number(number)}${query}`}
      />
    );
  }
  return (
    <CreditNoteView
      note={loaderData.note}
      order={loaderData.order}
      issuedAtLocal={loaderData.issuedAtLocal}
      receiptIssuedAtLocal={loaderData.receiptIssuedAtLocal}
      receiptHref={`${base}/receipt${query}`}
    />
  );
}
