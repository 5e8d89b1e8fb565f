import type { AllergenId, DietaryTagId, ShopSort } from "../../lib/constants";

// Kept free of zod so that building shop links costs the browser bundle nothing.

export type ShopFilters = {
  q: string;
  category: string | null;
  diet: DietaryTagId[];
  freeFrom: AllergenId[];
  sort: ShopSort;
  page: number;
};

/** The canonical query string for a set of filters: stable order, defaults left out. */
export function shopSearchParams(filters: ShopFilters, overrides: Partial<ShopFilters> = {}): URLSearchParams {
  const f = { ...filters, ...overrides };
  const params = new URLSearchParams();
  if (f.q) params.set("q", f.q);
  if (f.category) params.set("category", f.category);
  for (const d of f.diet) params.append("diet", d);
  for (const a of f.freeFrom) params.append("free-from", a);
  if (f.sort !== "featured") params.set("sort", f.sort);
  if (f.page > 1) params.set("page", String(f.page));
  return params;
}

export function shopHref(filters: ShopFilters, overrides: Partial<ShopFilters> = {}): string {
  const query = shopSearchParams(filters, overrides).toString();
  return query ? `/shop?${query}` : "/shop";
}
