import { LOW_STOCK_THRESHOLD } from "../../lib/constants";

export type StockState = "in-stock" | "low" | "sold-out";

export function stockState(stock: number): StockState {
  if (stock <= 0) return "sold-out";
  if (stock <= LOW_STOCK_THRESHOLD) return "low";
  return "in-stock";
}

export function stockLabel(stock: number): string {
  switch (stockState(stock)) {
    case "sold-out":
      return "Sold out";
    case "low":
      return `Only ${stock} left`;
    case "in-stock":
      return "In stock";
  }
}
