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

/** A product's first image as a query selects it (`firstImageColumns`); all null without one. */
export type FirstImageRow = {
  imageKey: string | null;
  imageAlt: string | null;
  imageWidth: number | null;
  imageHeight: number | null;
  imageVariants: ImageVariant[] | null;
};

/** An ImageView from a row's first-image columns, or null when the product has no image. */
export function imageFromColumns(row: FirstImageRow, fallbackAlt: string): ImageView | null {
  if (!row.imageKey || !row.imageWidth || !row.imageHeight) return null;
  return toImageView({
    r2Key: row.imageKey,
    alt: row.imageAlt ?? fallbackAlt,
    width: row.imageWidth,
    height: row.imageHeight,
    variants: row.imageVariants ?? [],
  });
}
