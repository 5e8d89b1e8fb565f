import type { ReactNode } from "react";
import { formatMoney } from "../lib/money";
import { fullDate } from "../lib/shop-dates";
import type { VatRateTotal } from "../modules/vat/vat";
import { formatVatRate, VAT_CATEGORY_CODES, VAT_CATEGORY_LABELS } from "../modules/vat/vat";
import type { CreditNote, VatReceipt } from "../modules/vat/vat-documents.server";
import { PrintButton } from "./print-button";

/** "2 December 2026, 14:05": a tax point in shop time, as `issuedAtLocal` carries it ("2026-12-02T14:05"). */
const tax = (local: string) => `${fullDate(local.slice(0, 10))}, ${local.slice(11, 16)}`;

const rateName = (rate: Pick<VatRateTotal, "vatCategory" | "vatRateBps">) =>
  `${VAT_CATEGORY_LABELS[rate.vatCategory]} ${formatVatRate(rate.vatRateBps)}`;

type Party = { title: string; lines: string[] };
type Seller = VatReceipt["seller"];

/** The head every VAT document shares: what it is, its number and date, seller and customer. */
function DocumentHead(props: {
  title: string;
  number: string;
  issuedAtLocal: string;
  seller: Seller;
  customer: Party;
  extra?: ReactNode;
}) {
  const { seller, customer } = props;
  return (
    <header className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <h1 id="document-heading" className="font-serif text-3xl font-bold text-crust-900">
          {props.title}
        </h1>
        <div className="print:hidden">
          <PrintButton label="Print or save as PDF" />
        </div>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
        <dt className="font-semibold">Number</dt>
        <dd data-testid="document-number">{props.number}</dd>
        <dt className="font-semibold">Date (tax point)</dt>
        <dd>{tax(props.issuedAtLocal)}</dd>
        {props.extra}
      </dl>
      <div className="grid gap-4 sm:grid-cols-2 print:grid-cols-2">
        <address className="not-italic">
          <p className="font-semibold">From</p>
          <p>{seller.name}</p>
          {seller.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
          <p>{seller.postcode}</p>
          <p data-testid="seller-vat-number">{`VAT registration number ${seller.vatNumber}`}</p>
        </address>
        <address className="not-italic">
          <p className="font-semibold">{customer.title}</p>
          {customer.lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: address lines may repeat and never reorder.
            <p key={index}>{line}</p>
          ))}
        </address>
      </div>
    </header>
  );
}

const cell = "px-2 py-1.5 text-right tabular-nums";

/** A table's column headings: the first (what each row is) to the left, the figures to the right. */
function ColumnHeads({ labels }: { labels: string[] }) {
  return (
    <thead>
      <tr className="border-b border-crust-300">
        {labels.map((label, index) => (
          <th
            key={label}
            scope="col"
            className={`px-2 py-1.5 font-semibold ${index === 0 ? "text-left" : "text-right"}`}
          >
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** The per-rate summary HMRC asks for: net, VAT and gross at each rate, and the totals. */
function RateSummary({
  caption,
  rates,
  totals,
  totalLabel,
}: {
  caption: string;
  rates: VatRateTotal[];
  totals: { netPence: number; vatPence: number; grossPence: number };
  totalLabel: string;
}) {
  return (
    <table className="w-full border-collapse text-sm" data-testid="vat-summary">
      <caption className="py-2 text-left font-semibold text-crust-900">{caption}</caption>
      <ColumnHeads labels={["Rate", "Excluding VAT", "VAT", "Including VAT"]} />
      <tbody>
        {rates.map((rate) => (
          <tr key={`${rate.vatCategory}-${rate.vatRateBps}`} className="border-b border-crust-100">
            <th scope="row" className="px-2 py-1.5 text-left font-normal">
              {rateName(rate)}
            </th>
            <td className={cell}>{formatMoney(rate.netPence)}</td>
            <td className={cell}>{formatMoney(rate.vatPence)}</td>
            <td className={cell}>{formatMoney(rate.grossPence)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr className="border-t-2 border-crust-400 font-semibold">
          <th scope="row" className="px-2 py-1.5 text-left">
            {totalLabel}
          </th>
          <td className={cell} data-testid="total-net">
            {formatMoney(totals.netPence)}
          </td>
          <td className={cell} data-testid="total-vat">
            {formatMoney(totals.vatPence)}
          </td>
          <td className={cell} data-testid="total-gross">
            {formatMoney(totals.grossPence)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

export type DocumentOrder = {
  number: string;
  promotionCode: string | null;
  name: string;
  fulfilment: "collection" | "delivery";
  slotDate: string;
  deliveryAddress: string | null;
  deliveryPostcode: string | null;
};

const customerOf = (order: DocumentOrder): Party => ({
  title: order.fulfilment === "delivery" ? "To (delivered to)" : "To",
  lines: [
    order.name,
    ...(order.fulfilment === "delivery" && order.deliveryAddress
      ? [...order.deliveryAddress.split(/\r?\n/), order.deliveryPostcode ?? ""]
      : []),
  ].filter(Boolean),
});

/**
 * A charge or deduction on the whole order (delivery, a discount) as receipt lines: its share at
 * each VAT rate, with that share's VAT; `sign` marks what is taken off.
 */
function ShareRows({
  shares,
  label,
  sign = "",
}: {
  shares: VatRateTotal[];
  label: (share: VatRateTotal) => string;
  sign?: string;
}) {
  return shares.map((share) => (
    <tr key={`${label(share)}-${share.vatCategory}`} className="border-b border-crust-100">
      <th scope="row" className="px-2 py-1.5 text-left font-normal">
        {label(share)}
      </th>
      <td className={cell}>1</td>
      <td className={cell}>{`${sign}${formatMoney(share.grossPence)}`}</td>
      <td className={cell}>{`${VAT_CATEGORY_CODES[share.vatCategory]} ${formatVatRate(share.vatRateBps)}`}</td>
      <td className={cell}>{`${sign}${formatMoney(share.vatPence)}`}</td>
      <td className={cell}>{`${sign}${formatMoney(share.grossPence)}`}</td>
    </tr>
  ));
}

/** A printable A4 VAT receipt: every line with its rate, delivery's share, and the VAT per rate. */
export function VatReceiptView({
  receipt,
  order,
  issuedAtLocal,
  creditNoteHref,
}: {
  receipt: VatReceipt;
  order: DocumentOrder;
  issuedAtLocal: string;
  creditNoteHref: (number: string) => string;
}) {
  const { breakdown } = receipt;
  return (
    <article aria-labelledby="document-heading" className="mx-auto max-w-3xl space-y-6 bg-white p-6 print:p-0">
      <DocumentHead
        title="VAT receipt"
        number={receipt.number}
        issuedAtLocal={issuedAtLocal}
        seller={receipt.seller}
        customer={customerOf(order)}
        extra={
          <>
            <dt className="font-semibold">Order</dt>
            <dd>{`${order.number}, ${order.fulfilment === "delivery" ? "delivery" : "collection"} on ${fullDate(order.slotDate)}`}</dd>
          </>
        }
      />
      <table className="w-full border-collapse text-sm" data-testid="vat-lines">
        <caption className="py-2 text-left font-semibold text-crust-900">What was sold</caption>
        <ColumnHeads labels={["Item", "Qty", "Unit price", "VAT rate", "VAT", "Amount"]} />
        <tbody>
          {breakdown.lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: an order's lines never reorder; two may share a name.
            <tr key={index} className="border-b border-crust-100">
              <th scope="row" className="px-2 py-1.5 text-left font-normal">
                {line.name}
              </th>
              <td className={cell}>{line.quantity}</td>
              <td className={cell}>{formatMoney(line.unitPricePence)}</td>
              <td className={cell}>{`${VAT_CATEGORY_CODES[line.vatCategory]} ${formatVatRate(line.vatRateBps)}`}</td>
              <td className={cell}>{formatMoney(line.vatPence)}</td>
              <td className={cell}>{formatMoney(line.grossPence)}</td>
            </tr>
          ))}
          <ShareRows
            shares={breakdown.delivery}
            label={(share) =>
              breakdown.delivery.length > 1 ? `Delivery (share at ${formatVatRate(share.vatRateBps)})` : "Delivery"
            }
          />
          <ShareRows
            shares={breakdown.discount}
            sign="−"
            label={(share) =>
              `Discount${order.promotionCode ? ` (${order.promotionCode})` : ""}${breakdown.discount.length > 1 ? ` at ${formatVatRate(share.vatRateBps)}` : ""}`
            }
          />
        </tbody>
      </table>
      <p className="text-sm text-crust-700">
        {`Prices include VAT. S: standard rate, R: reduced rate, Z: zero-rated.${breakdown.delivery.length > 0 ? " Delivery follows the VAT of the goods it brings, shared by their value." : ""}`}
      </p>
      <RateSummary caption="VAT by rate" rates={breakdown.rates} totals={breakdown} totalLabel="Total paid" />
      {receipt.creditNotes.length > 0 ? (
        <section aria-labelledby="credit-notes-heading" className="space-y-2">
          <h2 id="credit-notes-heading" className="font-semibold text-crust-900">
            Credit notes for refunds
          </h2>
          <ul className="list-disc pl-6">
            {receipt.creditNotes.map((note) => (
              <li key={note.number}>
                <a href={creditNoteHref(note.number)} className="font-semibold text-crust-700 underline">
                  {`Credit note ${note.number}`}
                </a>
                {`: ${formatMoney(note.amountPence)} refunded`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

/** A printable credit note: the refund split across the receipt's rates, with the VAT it takes back. */
export function CreditNoteView({
  note,
  order,
  issuedAtLocal,
  receiptIssuedAtLocal,
  receiptHref,
}: {
  note: CreditNote;
  order: DocumentOrder;
  issuedAtLocal: string;
  receiptIssuedAtLocal: string;
  receiptHref: string;
}) {
  return (
    <article aria-labelledby="document-heading" className="mx-auto max-w-3xl space-y-6 bg-white p-6 print:p-0">
      <DocumentHead
        title="Credit note"
        number={note.number}
        issuedAtLocal={issuedAtLocal}
        seller={note.seller}
        customer={customerOf(order)}
        extra={
          <>
            <dt className="font-semibold">Corrects</dt>
            <dd>
              <a href={receiptHref} className="font-semibold text-crust-700 underline">
                {`VAT receipt ${note.receiptNumber}`}
              </a>
              {` of ${tax(receiptIssuedAtLocal)}, order ${order.number}`}
            </dd>
            {note.reason ? (
              <>
                <dt className="font-semibold">Reason</dt>
                <dd>{note.reason}</dd>
              </>
            ) : null}
          </>
        }
      />
      <RateSummary
        caption="Refunded, by VAT rate"
        rates={note.breakdown.rates}
        totals={note.breakdown}
        totalLabel="Total refunded"
      />
      <p className="text-sm text-crust-700">
        A part refund is shared across the receipt's VAT rates in proportion to what was paid at each.
      </p>
    </article>
  );
}
