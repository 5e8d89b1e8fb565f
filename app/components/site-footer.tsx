import { Link } from "react-router";
import { SHOP_TAGLINE } from "../lib/constants";
import { type BakeryDetails, companyLine, telHref } from "../modules/settings/bakery-details";
import { BakeryAddress, ExampleDetailsNote } from "./bakery-address";

const FOOTER_LINKS = [
  ["/contact", "Contact us"],
  ["/terms", "Terms of sale"],
  ["/privacy", "Privacy notice"],
  ["/allergens", "Allergen policy"],
  ["/cookies", "Cookies"],
] as const;

/**
 * Who and where the bakery is, on every page: from Admin → Bakery details, hours from the calendar
 * (both absent on error pages rendered without the root's data).
 */
export function SiteFooter({ openingHours, bakery }: { openingHours: string | null; bakery: BakeryDetails | null }) {
  return (
    <footer className="border-t border-crust-200 bg-crust-100 print:hidden">
      <div className="mx-auto grid max-w-6xl gap-6 px-4 py-8 text-sm text-stone-700 sm:grid-cols-2">
        <div>
          <p className="font-serif text-lg font-semibold text-crust-900">{bakery?.name ?? "Band of Bakers"}</p>
          <p className="mt-1">{SHOP_TAGLINE}. Baked daily, sold until it's gone.</p>
          <p className="mt-4">
            Allergen information is shown on every product. If you have a severe allergy, please ask us before ordering:
            our kitchen handles all 14 major allergens.
          </p>
        </div>
        {bakery ? (
          <div>
            <BakeryAddress bakery={bakery} />
            {openingHours ? <p className="mt-2">{`Open for collection ${openingHours}`}</p> : null}
            <p className="mt-2">
              <a href={telHref(bakery.phone)} className="underline">
                {bakery.phone}
              </a>{" "}
              ·{" "}
              <a href={`mailto:${bakery.email}`} className="underline">
                {bakery.email}
              </a>
            </p>
            {companyLine(bakery) ? <p className="mt-2">{companyLine(bakery)}</p> : null}
            <ExampleDetailsNote bakery={bakery} className="mt-2" />
          </div>
        ) : null}
      </div>
      <nav aria-label="About this shop" className="mx-auto max-w-6xl px-4 pb-8 text-sm">
        <ul className="flex flex-wrap gap-x-6 gap-y-2">
          {FOOTER_LINKS.map(([to, label]) => (
            <li key={to}>
              <Link to={to} className="font-semibold text-crust-800 underline">
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </footer>
  );
}
