import { BakeryAddress, ExampleDetailsNote, useBakeryDetails } from "../components/bakery-address";
import { originFromMatches, pageMeta } from "../lib/seo";
import { telHref } from "../modules/settings/bakery-details";
import type { Route } from "./+types/contact";

export const meta: Route.MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Contact us",
    description: "Where the bakery is, when it is open, and how to reach us by phone or email.",
    origin: originFromMatches(matches),
    path: "/contact",
  });

/** Everything here comes from Admin → Bakery details and the calendar, through the root loader. */
export default function Contact({ matches }: Route.ComponentProps) {
  const bakery = useBakeryDetails();
  const openingHours = matches[0].loaderData.openingHours;
  if (!bakery) return null;
  return (
    <section aria-labelledby="contact-heading" className="max-w-2xl space-y-6">
      <h1 id="contact-heading" className="font-serif text-3xl font-bold text-crust-900">
        Contact us
      </h1>
      <div className="grid gap-6 sm:grid-cols-2">
        <div>
          <h2 className="font-serif text-xl font-bold text-crust-900">Find us</h2>
          <p className="mt-2 font-semibold">{bakery.name}</p>
          <BakeryAddress bakery={bakery} />
          <p className="mt-2">{`Open for collection ${openingHours}`}</p>
        </div>
        <div>
          <h2 className="font-serif text-xl font-bold text-crust-900">Get in touch</h2>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="font-semibold">Phone</dt>
            <dd>
              <a href={telHref(bakery.phone)} className="underline">
                {bakery.phone}
              </a>
            </dd>
            <dt className="font-semibold">Email</dt>
            <dd>
              <a href={`mailto:${bakery.email}`} className="underline [overflow-wrap:anywhere]">
                {bakery.email}
              </a>
            </dd>
            {bakery.companyNumber ? (
              <>
                <dt className="font-semibold">Company number</dt>
                <dd>{bakery.companyNumber}</dd>
              </>
            ) : null}
            {bakery.vatNumber ? (
              <>
                <dt className="font-semibold">VAT number</dt>
                <dd>{bakery.vatNumber}</dd>
              </>
            ) : null}
          </dl>
        </div>
      </div>
      <div>
        <h2 className="font-serif text-xl font-bold text-crust-900">Collecting an order</h2>
        <p className="mt-2 whitespace-pre-line">{bakery.collectionInstructions}</p>
      </div>
      <ExampleDetailsNote bakery={bakery} className="rounded-lg bg-amber-50 p-3" />
    </section>
  );
}
