import { Link } from "react-router";
import { DIETARY_TAGS } from "../lib/constants";
import { formatMoney } from "../lib/money";
import type { ProductCard as ProductCardFields } from "../modules/catalog/queries.server";
import type { NextBakeDay } from "../modules/production/next-day";
import { NextDayBadge } from "./next-day-badge";

/** A card: the product, and when it can next be had (from the production plan). */
type ProductCardData = ProductCardFields & { nextDay: NextBakeDay };

const CARD_SIZES = "(min-width: 1024px) 270px, 46vw";

type HeadingLevel = 2 | 3;

export function ProductCard({
  product,
  eager = false,
  headingLevel = 3,
}: {
  product: ProductCardData;
  eager?: boolean;
  headingLevel?: HeadingLevel;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="group flex h-full flex-col overflow-hidden rounded-2xl border border-crust-200 bg-white shadow-sm">
      {product.image ? (
        <img
          src={product.image.src}
          srcSet={product.image.srcSet}
          sizes={CARD_SIZES}
          width={product.image.width}
          height={product.image.height}
          alt={product.image.alt}
          loading={eager ? "eager" : "lazy"}
          fetchPriority={eager ? "high" : undefined}
          decoding="async"
          className="aspect-[4/3] h-auto w-full bg-crust-100 object-cover"
        />
      ) : (
        <div className="aspect-[4/3] w-full bg-crust-100" />
      )}
      <div className="flex flex-1 flex-col gap-2 p-3 sm:p-4">
        <p className="text-xs font-semibold uppercase tracking-wide text-crust-700 [overflow-wrap:anywhere]">
          {product.category.name}
        </p>
        <Heading className="font-serif text-base font-bold leading-snug text-stone-900 [overflow-wrap:anywhere] sm:text-lg">
          <Link
            to={`/products/${product.slug}`}
            className="after:absolute after:inset-0 hover:underline"
            prefetch="intent"
          >
            {product.name}
          </Link>
        </Heading>
        <p className="line-clamp-2 text-sm text-stone-700">{product.summary}</p>
        <DietaryBadges tags={product.dietaryTags} />
        <div className="mt-auto flex flex-wrap items-center justify-between gap-2 pt-2">
          <p className="text-base font-bold text-stone-900 sm:text-lg">
            {formatMoney(product.pricePence, product.currency)}
          </p>
          <NextDayBadge next={product.nextDay} />
        </div>
      </div>
    </article>
  );
}

export function DietaryBadges({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Dietary">
      {DIETARY_TAGS.filter((t) => tags.includes(t.id)).map((t) => (
        <li key={t.id} className="rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-900">
          {t.label}
        </li>
      ))}
    </ul>
  );
}

/** `headingLevel` keeps the outline in order: 3 under a section heading, 2 directly under the h1. */
export function ProductGrid({
  products,
  eagerCount = 0,
  headingLevel = 3,
}: {
  products: ProductCardData[];
  eagerCount?: number;
  headingLevel?: HeadingLevel;
}) {
  return (
    // Two to a row even on a phone: one per row made the menu about 6,500 px long at 375 px.
    <ul className="grid grid-cols-2 gap-3 sm:gap-6 lg:grid-cols-4">
      {products.map((p, index) => (
        // min-w-0: a long word (a product named by a test, a baker's German) must not widen its column.
        <li key={p.id} className="relative min-w-0">
          <ProductCard product={p} eager={index < eagerCount} headingLevel={headingLevel} />
        </li>
      ))}
    </ul>
  );
}
