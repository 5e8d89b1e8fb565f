import { and, asc, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { auditLog, type ImageVariant, productImages } from "../../../database/schema";
import { catalogChange, publishCatalogChange } from "../cache/catalog-changes.server";
import type { StoredUpload } from "../media/uploads.server";
import type { Database } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

type ImagesContext = Pick<RequestContext, "db" | "kv" | "env" | "logger">;

export type AdminProductImage = Awaited<ReturnType<typeof listProductImages>>[number];

export async function listProductImages(ctx: Pick<RequestContext, "db">, productId: number) {
  return ctx.db
    .select({
      id: productImages.id,
      r2Key: productImages.r2Key,
      alt: productImages.alt,
      width: productImages.width,
      height: productImages.height,
      variants: productImages.variants,
      position: productImages.position,
    })
    .from(productImages)
    .where(eq(productImages.productId, productId))
    .orderBy(asc(productImages.position), asc(productImages.id));
}

const audit = (db: Database, productId: number, actorId: number, action: string, before: unknown, after: unknown) =>
  db.insert(auditLog).values({
    entity: "product",
    entityId: productId,
    action,
    actorUserId: actorId,
    before: before === null ? null : JSON.stringify(before),
    after: after === null ? null : JSON.stringify(after),
  });

/** The image change, its audit entry and the catalogue version bump, as one batch. */
async function run(ctx: ImagesContext, queries: BatchItem<"sqlite">[]) {
  const results = await ctx.db.batch([catalogChange(ctx.db), ...queries]);
  await publishCatalogChange(ctx, results);
  return results;
}

const imageOf = (productId: number, imageId: number) =>
  and(eq(productImages.id, imageId), eq(productImages.productId, productId));

/** Adds an upload to the end of a product's images; from then on the orphan cleanup leaves it alone. */
export async function attachImage(
  ctx: ImagesContext,
  actorId: number,
  productId: number,
  upload: StoredUpload & { variants: ImageVariant[] },
  alt: string,
): Promise<void> {
  await run(ctx, [
    ctx.db.insert(productImages).values({
      productId,
      r2Key: upload.key,
      alt,
      width: upload.width,
      height: upload.height,
      variants: upload.variants,
      position: sql`(SELECT coalesce(max(${productImages.position}), -1) + 1 FROM ${productImages} WHERE ${productImages.productId} = ${productId})`,
    }),
    audit(ctx.db, productId, actorId, "image added", null, { image: upload.key, alt }),
  ]);
}

export async function updateImageAlt(
  ctx: ImagesContext,
  actorId: number,
  productId: number,
  imageId: number,
  alt: string,
) {
  const before = await ctx.db
    .select({ alt: productImages.alt })
    .from(productImages)
    .where(imageOf(productId, imageId))
    .get();
  if (!before) return false;
  await run(ctx, [
    ctx.db.update(productImages).set({ alt }).where(imageOf(productId, imageId)),
    audit(ctx.db, productId, actorId, "image alt text", { alt: before.alt }, { alt }),
  ]);
  return true;
}

/** Swaps an image with its neighbour; the first image is the one shop cards show. */
export async function moveImage(
  ctx: ImagesContext,
  actorId: number,
  productId: number,
  imageId: number,
  direction: "up" | "down",
) {
  const images = await listProductImages(ctx, productId);
  const index = images.findIndex((image) => image.id === imageId);
  const other = images[direction === "up" ? index - 1 : index + 1];
  const image = images[index];
  if (!image || !other) return false;
  // Positions are rewritten as 0…n so equal positions can't make the swap a no-op.
  const order = images.map((i) => i.id);
  [order[index], order[images.indexOf(other)]] = [other.id, image.id];
  await run(ctx, [
    ...order.map((id, position) => ctx.db.update(productImages).set({ position }).where(eq(productImages.id, id))),
    audit(ctx.db, productId, actorId, "image order", { order: images.map((i) => i.id) }, { order }),
  ]);
  return true;
}

/** Removes an image from the product; its upload becomes unreferenced and the cleanup deletes it later. */
export async function removeImage(ctx: ImagesContext, actorId: number, productId: number, imageId: number) {
  const row = await ctx.db
    .select({ r2Key: productImages.r2Key, alt: productImages.alt })
    .from(productImages)
    .where(imageOf(productId, imageId))
    .get();
  if (!row) return false;
  await run(ctx, [
    ctx.db.delete(productImages).where(imageOf(productId, imageId)),
    audit(ctx.db, productId, actorId, "image removed", { image: row.r2Key, alt: row.alt }, null),
  ]);
  return true;
}
