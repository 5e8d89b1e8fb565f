import { type NextBakeDay, nextDayLabel } from "../modules/production/next-day";

const tones = {
  "on-sale": "bg-green-100 text-green-900",
  low: "bg-amber-100 text-amber-900",
  later: "bg-sky-100 text-sky-900",
  none: "bg-stone-200 text-stone-800",
} as const;

/** When a product can next be had, from the production plan. */
export function NextDayBadge({ next }: { next: NextBakeDay }) {
  const { text, tone } = nextDayLabel(next);
  return (
    <span className={`rounded-full px-2.5 py-1 sm:whitespace-nowrap text-xs font-semibold ${tones[tone]}`}>{text}</span>
  );
}
