import { CURRENCY, LOCALE } from "./constants";

const formatters = new Map<string, Intl.NumberFormat>();

/** Formats integer minor units (pence) for display; money is never a float anywhere else. */
export function formatMoney(minorUnits: number, currency: string = CURRENCY): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat(LOCALE, { style: "currency", currency });
    formatters.set(currency, formatter);
  }
  return formatter.format(minorUnits / 100);
}

/** Schema.org wants a decimal string ("4.50"), built from integers to avoid float drift. */
export function minorUnitsToDecimalString(minorUnits: number): string {
  const sign = minorUnits < 0 ? "-" : "";
  const abs = Math.abs(minorUnits);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** "12.6" or "12.60" or "12" pounds → 1260 pence, from the digits (no float arithmetic); null if malformed. */
export function parseMinorUnits(text: string): number | null {
  const match = /^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}
