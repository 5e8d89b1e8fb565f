import { useRouteLoaderData } from "react-router";
import type { BakeryDetails } from "../modules/settings/bakery-details";
import type { loader as rootLoader } from "../root";

/** The bakery's details as the root loader read them for this page (null on a bare error page). */
export function useBakeryDetails(): BakeryDetails | null {
  return useRouteLoaderData<typeof rootLoader>("root")?.bakery ?? null;
}

/** The bakery's address, line by line, with a link to it on a map (opens OpenStreetMap). */
export function BakeryAddress({ bakery, className = "" }: { bakery: BakeryDetails; className?: string }) {
  return (
    <address className={`not-italic ${className}`}>
      {bakery.lines.map((line) => (
        <span key={line} className="block">
          {line}
        </span>
      ))}
      <span className="block">{bakery.postcode}</span>
      <a href={bakery.mapUrl} className="underline" rel="noopener noreferrer" target="_blank">
        Show on a map<span className="sr-only"> (opens in a new tab)</span>
      </a>
    </address>
  );
}

/** While the details are still the migration's examples, the shop says so (decision 025). */
export function ExampleDetailsNote({ bakery, className = "" }: { bakery: BakeryDetails; className?: string }) {
  return bakery.example ? (
    <p className={`font-semibold text-amber-950 ${className}`}>
      These are example details: this shop has not set its own address yet.
    </p>
  ) : null;
}

/** Where a collection order is picked up and how (checkout, order pages). */
export function CollectionPoint({ bakery }: { bakery: BakeryDetails }) {
  return (
    <div>
      <BakeryAddress bakery={bakery} />
      <p className="mt-1 whitespace-pre-line">{bakery.collectionInstructions}</p>
    </div>
  );
}
