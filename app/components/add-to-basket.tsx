import { useEffect, useRef, useState } from "react";
import { Link, useFetcher, useLocation } from "react-router";
import type { FormAnswer } from "../lib/form-answer";
import { Button } from "./forms/button";
import { useHydrated } from "./use-hydrated";

/**
 * Without JavaScript this is a plain POST to /basket, answered with a redirect to the basket.
 * With it, a fetcher posts in the background and the shopper stays on the page.
 */
export function AddToBasket({
  productId,
  name,
  onSale,
  maxPerOrder,
}: {
  productId: number;
  name: string;
  /** Whether any coming bake day has it on sale (or opening soon). */
  onSale: boolean;
  maxPerOrder: number;
}) {
  const fetcher = useFetcher<FormAnswer>({ key: `add-${productId}` });
  const location = useLocation();
  const hydrated = useHydrated();
  const max = maxPerOrder;
  const pending = fetcher.state !== "idle";
  const errors = fetcher.data?.result?.error;
  const message = errors ? Object.values(errors).flat().filter(Boolean).join(" ") : null;
  const [added, setAdded] = useState(false);
  const wasPending = useRef(false);
  useEffect(() => {
    if (fetcher.state === "submitting") setAdded(false);
    if (fetcher.state === "idle" && wasPending.current) setAdded(true);
    wasPending.current = fetcher.state !== "idle";
  }, [fetcher.state]);

  if (!onSale) {
    return (
      <p className="font-semibold text-stone-700">
        Not on sale for the coming days: the bake days below say why. Plans change, so check back soon.
      </p>
    );
  }
  return (
    <fetcher.Form method="post" action="/basket" preventScrollReset className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="intent" value="add" />
      <input type="hidden" name="productId" value={productId} />
      {hydrated ? <input type="hidden" name="redirectTo" value={location.pathname + location.search} /> : null}
      <div>
        <label htmlFor="add-quantity" className="block text-sm font-medium">
          Quantity
        </label>
        <select
          id="add-quantity"
          name="quantity"
          defaultValue="1"
          className="mt-1 rounded-lg border border-stone-300 bg-white px-3 py-2"
        >
          {Array.from({ length: max }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <Button pending={pending}>
        {pending ? "Adding…" : "Add to basket"}
        <span className="sr-only"> {name}</span>
      </Button>
      <p role="status" className="w-full text-sm font-semibold">
        {message ? <span className="text-red-800">{message}</span> : null}
        {added && !message ? (
          <span className="text-green-800">
            Added to your basket.{" "}
            <Link to="/basket" className="underline">
              View basket
            </Link>
          </span>
        ) : null}
      </p>
    </fetcher.Form>
  );
}
