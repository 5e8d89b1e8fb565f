import { type Column, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { productImages } from "../../../database/schema";

/** The product image a card shows, joined under its own name beside any other use of the table. */
export const firstImage = alias(productImages, "first_image");

/**
 * Join condition for `firstImage`: the product's lowest-positioned image, picked by a correlated
 * subquery, so a list of products and their card images is one round trip.
 */
export const isFirstImageOf = (productId: Column) =>
  eq(
    firstImage.id,
    sql`(SELECT ${productImages.id} FROM ${productImages} WHERE ${productImages.productId} = ${productId}
      ORDER BY ${productImages.position}, ${productImages.id} LIMIT 1)`,
  );

/** The columns `imageFromColumns` turns into an ImageView. */
export const firstImageColumns = {
  imageKey: firstImage.r2Key,
  imageAlt: firstImage.alt,
  imageWidth: firstImage.width,
  imageHeight: firstImage.height,
  imageVariants: firstImage.variants,
};
