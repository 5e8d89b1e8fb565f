import type { BakeryDetailsValues } from "./bakery-details-form";

/** Who and where the bakery is, as every page, order page and email shows it. */
export type BakeryDetails = BakeryDetailsValues & {
  /** Still the example values the first migration wrote: the shop says so until an admin saves. */
  example: boolean;
  version: number;
  /** Street lines without trailing commas or blank lines. */
  lines: string[];
  /** The address on one line with the postcode ("4 Mill Yard, Stokes Croft, Bristol BS1 3QY"). */
  oneLine: string;
  /** A map search for the address (OpenStreetMap: no key and no script, just a link). */
  mapUrl: string;
};

/** The stored row as pages and emails use it: the address split into lines, on one line, and on a map. */
export function describeBakery(row: BakeryDetailsValues & { example: boolean; version: number }): BakeryDetails {
  const lines = row.address
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/,$/, ""))
    .filter(Boolean);
  return {
    ...row,
    lines,
    oneLine: `${lines.join(", ")} ${row.postcode}`,
    mapUrl: `https://www.openstreetmap.org/search?query=${encodeURIComponent(`${lines.join(", ")}, ${row.postcode}`)}`,
  };
}

/** "Company number 01234567 · VAT GB123456789", or "" when the bakery has neither. */
export function companyLine(bakery: Pick<BakeryDetails, "companyNumber" | "vatNumber">): string {
  return [
    bakery.companyNumber ? `Company number ${bakery.companyNumber}` : "",
    bakery.vatNumber ? `VAT ${bakery.vatNumber}` : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

/** A `tel:` link for the number as typed ("0117 496 0321" → "tel:01174960321"). */
export const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, "")}`;
