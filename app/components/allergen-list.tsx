import { ALLERGENS, type AllergenId } from "../lib/constants";

/**
 * Allergens are legally required information: shown as a prominent, labelled list,
 * and stated explicitly when there are none.
 */
export function AllergenList({ allergens }: { allergens: readonly AllergenId[] }) {
  const present = ALLERGENS.filter((a) => allergens.includes(a.id));
  return (
    <section aria-labelledby="allergens-heading" className="rounded-xl border-2 border-amber-500 bg-amber-50 p-4">
      <h2 id="allergens-heading" className="text-base font-bold text-amber-950">
        Allergens
      </h2>
      {present.length > 0 ? (
        <>
          <p className="mt-1 text-sm text-amber-950">Contains:</p>
          <ul className="mt-2 flex flex-wrap gap-2">
            {present.map((a) => (
              <li key={a.id} className="rounded-md bg-amber-200 px-2.5 py-1 text-sm font-bold text-amber-950">
                {a.label}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="mt-1 text-sm text-amber-950">Contains none of the 14 regulated allergens.</p>
      )}
      <p className="mt-3 text-xs text-amber-950">
        Made in a kitchen that handles all 14 allergens; traces may be present.
      </p>
    </section>
  );
}
