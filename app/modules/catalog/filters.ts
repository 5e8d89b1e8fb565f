import { z } from "zod";
import { ALLERGEN_IDS, DIETARY_TAG_IDS, SEARCH_QUERY_MAX_LENGTH, SHOP_SORT_IDS } from "../../lib/constants";
import type { ShopFilters } from "./shop-url";

export type { ShopFilters };

// Query strings come from links people share and edit by hand: unknown values are dropped
// rather than answered with an error page, so an old link still shows the shop.
const knownValues = <T extends string>(allowed: readonly T[]) =>
  z
    .array(z.string())
    .transform((values) => [...new Set(values)].filter((v): v is T => allowed.includes(v as T)).sort());

const ShopFiltersSchema = z.object({
  q: z
    .string()
    .optional()
    .transform((q) => (q ?? "").trim().slice(0, SEARCH_QUERY_MAX_LENGTH)),
  category: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .optional()
    .catch(undefined)
    .transform((c) => c ?? null),
  diet: knownValues(DIETARY_TAG_IDS),
  freeFrom: knownValues(ALLERGEN_IDS),
  sort: z.enum(SHOP_SORT_IDS).catch("featured"),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});

export function parseShopFilters(params: URLSearchParams): ShopFilters {
  return ShopFiltersSchema.parse({
    q: params.get("q") ?? undefined,
    category: params.get("category") || undefined,
    diet: params.getAll("diet"),
    freeFrom: params.getAll("free-from"),
    sort: params.get("sort") ?? undefined,
    page: params.get("page") ?? undefined,
  });
}

/**
 * Turns what a shopper typed into a safe FTS5 MATCH expression: every word must appear,
 * each as a prefix ("sourd" finds "sourdough"). FTS5 operators and quotes typed by the user are
 * treated as plain text, so no input can make the query fail to parse.
 */
export function buildFtsQuery(input: string): string | null {
  const words = input
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(" ");
}
