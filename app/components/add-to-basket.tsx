import { useEffect, useRef, useState } from "react";
import { Link, useFetcher, useLocation, useRouteLoaderData } from "react-router";
import type { FormAnswer } from "../lib/form-answer";
import { MESSAGE_MAX_LENGTH, type ProductOption, valueLabel } from "../modules/catalog/options";
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
  options = [],
}: {
  productId: number;
  name: string;
  /** Whether any coming bake day has it on sale (or opening soon). */
  onSale: boolean;
  maxPerOrder: number;
  /** Choices (a select each, one value required) and a personal message, as the product offers. */
  options?: ProductOption[];
}) {
  const fetcher = useFetcher<FormAnswer>({ key: `add-${productId}` });
  const location = useLocation();
  const hydrated = useHydrated();
  const max = maxPerOrder;
  const pending = fetcher.state !== "idle";
  const errors = fetcher.data?.result?.error;
  const message = errors ? [...new Set(Object.values(errors).flat().filter(Boolean))].join(" ") : null;
  const basketCount = useRouteLoaderData<{ basketCount: number }>("root")?.basketCount ?? 0;
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
      {options.map((option) =>
        option.kind === "choice" ? (
          <div key={option.id}>
            <label htmlFor={`option-${option.id}`} className="block text-sm font-medium">
              {option.name}
            </label>
            <select
              id={`option-${option.id}`}
              name="choices"
              required
              defaultValue=""
              aria-invalid={errors?.choices ? true : undefined}
              className="mt-1 rounded-lg border border-stone-300 bg-white px-3 py-2"
            >
              <option value="" disabled>
                Choose…
              </option>
              {option.values.map((value) => (
                <option key={value.id} value={value.id}>
                  {valueLabel(value)}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div key={option.id} className="w-full">
            <label htmlFor={`option-${option.id}`} className="block text-sm font-medium">
              {option.name}{" "}
              <span className="font-normal text-stone-600">{`(optional, up to ${MESSAGE_MAX_LENGTH} characters)`}</span>
            </label>
            <input
              id={`option-${option.id}`}
              name="message"
              maxLength={MESSAGE_MAX_LENGTH}
              aria-invalid={errors?.message ? true : undefined}
              className="mt-1 w-full max-w-md rounded-lg border border-stone-300 px-3 py-2"
            />
          </div>
        ),
      )}
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
            {`Added to your basket (${basketCount} ${basketCount === 1 ? "item" : "items"}).`}{" "}
            <Link to="/basket" className="underline">
              View basket
            </Link>
          </span>
        ) : null}
      </p>
    </fetcher.Form>
  );
}
