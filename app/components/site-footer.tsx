import { SHOP_CONTACT, SHOP_NAME, SHOP_TAGLINE } from "../lib/constants";
/** `openingHours` comes from the shop's calendar (absent on error pages rendered without data). */
export function SiteFooter({ openingHours }: { openingHours: string | null }) {
  return (
    <footer className="border-t border-crust-200 bg-crust-100 print:hidden">
      <div className="mx-auto max-w-6xl px-4 py-8 text-sm text-stone-700">
        <p className="font-serif text-lg font-semibold text-crust-900">{SHOP_NAME}</p>
        <p className="mt-1">{SHOP_TAGLINE}. Baked daily, sold until it's gone.</p>
        <address className="mt-4 not-italic">
          {SHOP_CONTACT.address.slice(1).join(", ")} · {openingHours ? `Open for collection ${openingHours} · ` : null}
          <a href={`mailto:${SHOP_CONTACT.email}`} className="underline">
            {SHOP_CONTACT.email}
          </a>{" "}
          · {SHOP_CONTACT.phone}
        </address>
        <p className="mt-4">
          Allergen information is shown on every product. If you have a severe allergy, please ask us before ordering:
          our kitchen handles all 14 major allergens.
        </p>
      </div>
    </footer>
  );
}
