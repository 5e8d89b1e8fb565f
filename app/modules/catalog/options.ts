import { formatMoney } from "../../lib/money";

/** At most this many options a product, and values an option (decision 017). */
export const MAX_OPTIONS = 3;
export const MAX_OPTION_VALUES = 10;
/** A personal message: what fits on a cake. */
export const MESSAGE_MAX_LENGTH = 60;

export type ProductOption = {
  id: number;
  name: string;
  kind: "choice" | "message";
  /** Each value is baked to its own number: its own row of the production plan. */
  plannedApart: boolean;
  values: { id: number; label: string; priceDeltaPence: number }[];
};

/** "8 inch (+£6.00)": a value as a select offers it. */
export function valueLabel(value: { label: string; priceDeltaPence: number }): string {
  if (value.priceDeltaPence === 0) return value.label;
  const sign = value.priceDeltaPence > 0 ? "+" : "−";
  return `${value.label} (${sign}${formatMoney(Math.abs(value.priceDeltaPence))})`;
}
