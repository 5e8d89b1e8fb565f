import { SHOP_NAME } from "../../lib/constants";
import { minorUnitsToDecimalString } from "../../lib/money";
import type { NextBakeDay } from "../production/next-day";
import type { ProductDetail } from "./queries.server";

const AVAILABILITY = {
  available: "https://schema.org/InStock",
  "opens-later": "https://schema.org/PreOrder",
  none: "https://schema.org/OutOfStock",
} as const;

/** schema.org Product for search engines' rich results; `next` is its soonest day on sale, from the plan. */
export function productJsonLd(product: ProductDetail, origin: string, next: NextBakeDay) {
  const url = new URL(`/products/${product.slug}`, origin).toString();
  return {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.name,
    description: product.summary || product.description,
    sku: product.slug,
    url,
    image: product.images.map((i) => new URL(i.src, origin).toString()),
    category: product.category.name,
    brand: { "@type": "Brand", name: SHOP_NAME },
    ...(product.weightGrams
      ? { weight: { "@type": "QuantitativeValue", value: product.weightGrams, unitCode: "GRM" } }
      : {}),
    offers: {
      "@type": "Offer",
      url,
      price: minorUnitsToDecimalString(product.pricePence),
      priceCurrency: product.currency,
      availability: AVAILABILITY[next?.status ?? "none"],
      seller: { "@type": "Organization", name: SHOP_NAME },
    },
  };
}
