import type { ImageVariant } from "../../../database/schema";

export type ImageView = {
  src: string;
  srcSet: string;
  width: number;
  height: number;
  alt: string;
};

export function mediaUrl(key: string): string {
  return `/media/${key.split("/").map(encodeURIComponent).join("/")}`;
}

/**
 * What an <img> needs: the intrinsic size (so the browser reserves space and nothing shifts)
 * and every stored width for srcset. `src` is the smallest variant that still fills a card.
 */
export function toImageView(image: {
  r2Key: string;
  alt: string;
  width: number;
  height: number;
  variants: ImageVariant[];
}): ImageView {
  const variants = [...image.variants].sort((a, b) => a.width - b.width);
  const fallback = variants.find((v) => v.width >= 640) ?? variants.at(-1);
  return {
    src: mediaUrl(fallback?.key ?? image.r2Key),
    srcSet: variants.map((v) => `${mediaUrl(v.key)} ${v.width}w`).join(", "),
    width: image.width,
    height: image.height,
    alt: image.alt,
  };
}

/** The first-image columns every product query selects (`i.r2_key AS image_key`, …). */
export type ImageColumns = {
  image_key: string | null;
  image_alt: string | null;
  image_width: number | null;
  image_height: number | null;
  image_variants: string | null;
};

/** An ImageView from a row's first-image columns, or null when the product has no image. */
export function imageFromColumns(row: ImageColumns, fallbackAlt: string): ImageView | null {
  if (!row.image_key || !row.image_width || !row.image_height) return null;
  return toImageView({
    r2Key: row.image_key,
    alt: row.image_alt ?? fallbackAlt,
    width: row.image_width,
    height: row.image_height,
    variants: JSON.parse(row.image_variants ?? "[]") as ImageVariant[],
  });
}
