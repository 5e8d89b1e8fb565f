import type { ImageVariant } from "../../../database/schema";
import { catalogChangeStatement, publishCatalogChange } from "../cache/catalog-changes.server";
import type { StoredUpload } from "../media/uploads.server";
import type { RequestContext } from "../platform/request-context.server";

type ImagesContext = Pick<RequestContext, "db" | "kv" | "env" | "logger">;

export type AdminProductImage = {
  id: number;
  r2Key: string;
  alt: string;
  width: number;
  height: number;
  variants: ImageVariant[];
  position: number;
};

export async function listProductImages(
  ctx: Pick<RequestContext, "db">,
  productId: number,
): Promise<AdminProductImage[]> {
  const { results } = await ctx.db.$client
    .prepare(
      "SELECT id, r2_key AS r2Key, alt, width, height, variants, position FROM product_images WHERE product_id = ? ORDER BY position, id",
    )
    .bind(productId)
    .all<Omit<AdminProductImage, "variants"> & { variants: string }>();
  return results.map((row) => ({ ...row, variants: JSON.parse(row.variants) as ImageVariant[] }));
}

const audit = (db: D1Database, productId: number, actorId: number, action: string, before: unknown, after: unknown) =>
  db
    .prepare(
      "INSERT INTO audit_log (entity, entity_id, action, actor_user_id, before, after) VALUES ('product', ?, ?, ?, ?, ?)",
    )
    .bind(
      productId,
      action,
      actorId,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
    );

async function run(ctx: ImagesContext, statements: D1PreparedStatement[]) {
  const results = await ctx.db.$client.batch([...statements, catalogChangeStatement(ctx.db.$client)]);
  await publishCatalogChange(ctx, results);
  return results;
}

/** Adds an upload to the end of a product's images; from then on the orphan cleanup leaves it alone. */
export async function attachImage(
  ctx: ImagesContext,
  actorId: number,
  productId: number,
  upload: StoredUpload & { variants: ImageVariant[] },
  alt: string,
): Promise<void> {
  const db = ctx.db.$client;
  await run(ctx, [
    db
      .prepare(
        `INSERT INTO product_images (product_id, r2_key, alt, width, height, variants, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT coalesce(max(position), -1) + 1 FROM product_images WHERE product_id = ?1))`,
      )
      .bind(productId, upload.key, alt, upload.width, upload.height, JSON.stringify(upload.variants)),
    audit(db, productId, actorId, "image added", null, { image: upload.key, alt }),
  ]);
}

export async function updateImageAlt(
  ctx: ImagesContext,
  actorId: number,
  productId: number,
  imageId: number,
  alt: string,
) {
  const db = ctx.db.$client;
  const before = await db
    .prepare("SELECT alt FROM product_images WHERE id = ? AND product_id = ?")
    .bind(imageId, productId)
    .first<string>("alt");
  if (before === null) return false;
  await run(ctx, [
    db.prepare("UPDATE product_images SET alt = ? WHERE id = ? AND product_id = ?").bind(alt, imageId, productId),
    audit(db, productId, actorId, "image alt text", { alt: before }, { alt }),
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
  const db = ctx.db.$client;
  // Positions are rewritten as 0…n so equal positions can't make the swap a no-op.
  const order = images.map((i) => i.id);
  [order[index], order[images.indexOf(other)]] = [other.id, image.id];
  await run(ctx, [
    ...order.map((id, position) =>
      db.prepare("UPDATE product_images SET position = ? WHERE id = ?").bind(position, id),
    ),
    audit(db, productId, actorId, "image order", { order: images.map((i) => i.id) }, { order }),
  ]);
  return true;
}

/** Removes an image from the product; its upload becomes unreferenced and the cleanup deletes it later. */
export async function removeImage(ctx: ImagesContext, actorId: number, productId: number, imageId: number) {
  const db = ctx.db.$client;
  const row = await db
    .prepare("SELECT r2_key, alt FROM product_images WHERE id = ? AND product_id = ?")
    .bind(imageId, productId)
    .first<{ r2_key: string; alt: string }>();
  if (!row) return false;
  await run(ctx, [
    db.prepare("DELETE FROM product_images WHERE id = ? AND product_id = ?").bind(imageId, productId),
    audit(db, productId, actorId, "image removed", { image: row.r2_key, alt: row.alt }, null),
  ]);
  return true;
}
