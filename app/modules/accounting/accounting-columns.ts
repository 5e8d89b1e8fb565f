/**
 * The accounting export's columns, in order, with what each holds (decision 029). The admin page
 * and the README list them from here, so the file and its description cannot drift apart.
 * Amounts are in pounds with two decimals and no currency sign, so spreadsheets read them as
 * numbers; refunds are negative. Dates and times are the shop's (UK) time.
 */
export const ACCOUNTING_COLUMNS = [
  { key: "date", header: "Date", about: "Shop day of the payment or refund, as 2026-12-02." },
  { key: "time", header: "Time", about: "Time of day, 24-hour (UK time)." },
  { key: "type", header: "Type", about: "Sale (a paid order) or Refund." },
  { key: "order", header: "Order", about: "The order's number, as on the customer's emails." },
  {
    key: "document",
    header: "VAT document",
    about: "The VAT receipt's number for a sale, the credit note's for a refund; empty when not VAT-registered.",
  },
  { key: "payment", header: "Stripe payment", about: "Stripe's payment intent id, to match Stripe's payouts." },
  {
    key: "goods",
    header: "Goods",
    about: "What the items came to, VAT included; empty for a refund, which is of an amount.",
  },
  {
    key: "delivery",
    header: "Delivery",
    about: "The delivery charge, VAT included (0.00 for collection); empty for a refund.",
  },
  {
    key: "discount",
    header: "Discount",
    about: "What a promotion code took off, as a negative amount; empty for a refund.",
  },
  { key: "promotion", header: "Promotion code", about: "The code used, if any." },
  { key: "total", header: "Total", about: "What was paid (or refunded): goods and delivery less the discount." },
  { key: "standardNet", header: "Standard-rated net", about: "The part at the standard rate, excluding VAT." },
  { key: "standardVat", header: "Standard-rated VAT", about: "VAT at the standard rate." },
  { key: "reducedNet", header: "Reduced-rated net", about: "The part at the reduced rate, excluding VAT." },
  { key: "reducedVat", header: "Reduced-rated VAT", about: "VAT at the reduced rate." },
  { key: "zeroRated", header: "Zero-rated", about: "The zero-rated part (no VAT in it)." },
  {
    key: "notRegistered",
    header: "Not VAT-registered",
    about: "Sales made while the bakery had no VAT number (and their refunds): outside VAT.",
  },
  { key: "vat", header: "Total VAT", about: "All the VAT in the row." },
] as const;

export type AccountingColumn = (typeof ACCOUNTING_COLUMNS)[number]["key"];
