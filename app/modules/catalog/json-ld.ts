import { SHOP_NAME } from "../../lib/constants";
import { minorUnitsToDecimalString } from "../../lib/money";
import type { ProductDetail } from "./queries.server";

/** schema.org Product for search engines' rich results. */
export function productJsonLd(product: ProductDetail, origin: string) {
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
      availability: product.stock > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
      seller: { "@type": "Organization", name: SHOP_NAME },
    },
  };
}
