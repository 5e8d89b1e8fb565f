import { stockLabel, stockState } from "../modules/catalog/stock";

const styles = {
  "in-stock": "bg-green-100 text-green-900",
  low: "bg-amber-100 text-amber-900",
  "sold-out": "bg-stone-200 text-stone-800",
} as const;

export function StockBadge({ stock }: { stock: number }) {
  return (
    <span className={`whitespace-nowrap rounded-full px-2.5 py-1 text-xs font-semibold ${styles[stockState(stock)]}`}>
      {stockLabel(stock)}
    </span>
  );
}
