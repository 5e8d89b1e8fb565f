/** Parses Stripe's form encoding (`line_items[0][price_data][currency]=gbp`) into nested objects. */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = rawKey.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> = root;
    path.forEach((segment, i) => {
      if (i === path.length - 1) {
        node[segment] = value;
        return;
      }
      node[segment] ??= {};
      node = node[segment] as Record<string, unknown>;
    });
  }
  return root;
}

/** `{ "0": a, "1": b }` → `[a, b]` for the list fields we read. */
export function asList(value: unknown): Record<string, unknown>[] {
  if (!value || typeof value !== "object") return [];
  return Object.keys(value)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => (value as Record<string, Record<string, unknown>>)[k] ?? {});
}
