/**
 * Catalogue photos, synced by content (decision 033). The shop keeps the SHA-256 of the photo each
 * product got from an import (`catalog_photos`, in D1 with the shop, so every machine sees it); an
 * import asks for these first and uploads only photos whose bytes differ. A changed photo becomes
 * a new upload (its own R2 folder and variants, made by the image queue) and takes the old one's
 * place on the product; a photo that was never imported is added before the product's others.
 */
import { and, eq, sql } from "drizzle-orm";
import { catalogPhotos, productImages, products, uploads } from "../../../database/schema";
import { catalogChange, publishCatalogChange } from "../cache/catalog-changes.server";
import { originalKey, storeImageBytes, UPLOAD_MESSAGES } from "../media/uploads.server";
import { batchableRun, sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

type PhotoContext = Pick<RequestContext, "db" | "bindings" | "env" | "kv" | "logger">;

/** Imported photos whose smaller sizes the image queue has not made yet (the CLI waits for them). */
export async function photosAwaitingVariants(ctx: Pick<RequestContext, "db">): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(catalogPhotos)
    .innerJoin(uploads, eq(uploads.id, catalogPhotos.uploadId))
    .where(eq(uploads.variants, sql`'[]'`));
  return row?.n ?? 0;
}

/**
 * The imported photo is still on its product (staff may have removed it in the admin; then the
 * next import puts it back, as the file says).
 */
const stillShown = sql`EXISTS (SELECT 1 FROM ${productImages} WHERE ${productImages.productId} = ${catalogPhotos.productId}
  AND ${productImages.r2Key} = 'uploads/' || ${catalogPhotos.uploadId} || '/original')`;

/** slug → SHA-256 (hex) of each product's imported photo that is still shown. */
export async function photoManifest(ctx: Pick<RequestContext, "db">): Promise<Record<string, string>> {
  const rows = await ctx.db
    .select({ slug: products.slug, sha256: catalogPhotos.sha256 })
    .from(catalogPhotos)
    .innerJoin(products, eq(products.id, catalogPhotos.productId))
    .where(stillShown);
  return Object.fromEntries(rows.map((row) => [row.slug, row.sha256]));
}

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export type PhotoResult =
  | { ok: true; outcome: "stored" | "unchanged" }
  | { ok: false; status: number; message: string };

/** One product's photo: checked against the hash the client computed, then stored if it is new. */
export async function syncPhoto(
  ctx: PhotoContext,
  slug: string,
  fileName: string,
  claimedSha256: string,
  bytes: ArrayBuffer,
): Promise<PhotoResult> {
  const sha256 = await sha256Hex(bytes);
  if (sha256 !== claimedSha256) {
    return {
      ok: false,
      status: 400,
      message: "The photo's bytes do not match their SHA-256: it was cut short on the way",
    };
  }
  const product = await ctx.db
    .select({ id: products.id, name: products.name, photo: catalogPhotos, shown: sql<number>`${stillShown}` })
    .from(products)
    .leftJoin(catalogPhotos, eq(catalogPhotos.productId, products.id))
    .where(eq(products.slug, slug))
    .get();
  if (!product) return { ok: false, status: 404, message: `No product has the slug ${slug}` };
  if (product.photo?.sha256 === sha256 && product.shown) return { ok: true, outcome: "unchanged" };
  const stored = await storeImageBytes(ctx, 0, bytes);
  if (!stored.ok)
    return { ok: false, status: stored.problem === "too-large" ? 413 : 415, message: UPLOAD_MESSAGES[stored.problem] };
  const { upload } = stored;
  const previousKey = product.photo ? originalKey(product.photo.uploadId) : null;
  const image = { r2Key: upload.key, width: upload.width, height: upload.height, variants: [] };
  const results = await ctx.db.batch([
    previousKey
      ? ctx.db
          .update(productImages)
          .set({ ...image, updatedAt: sqlNow })
          .where(and(eq(productImages.productId, product.id), eq(productImages.r2Key, previousKey)))
      : ctx.db.insert(productImages).values({
          productId: product.id,
          ...image,
          alt: `Photo of ${product.name}`,
          position: sql`(SELECT coalesce(min(${productImages.position}), 0) - 1 FROM ${productImages} WHERE ${productImages.productId} = ${product.id})`,
        }),
    // A product whose imported photo staff removed in the admin gets it back as a new image.
    batchableRun(
      ctx.db,
      sql`INSERT INTO ${productImages} (product_id, r2_key, alt, width, height, variants, position)
      SELECT ${product.id}, ${upload.key}, ${`Photo of ${product.name}`}, ${upload.width}, ${upload.height}, '[]',
        (SELECT coalesce(min(position), 0) - 1 FROM ${productImages} WHERE product_id = ${product.id})
      WHERE NOT EXISTS (SELECT 1 FROM ${productImages} WHERE product_id = ${product.id} AND r2_key = ${upload.key})`,
    ),
    ctx.db
      .insert(catalogPhotos)
      .values({ productId: product.id, sha256, uploadId: upload.id, fileName })
      .onConflictDoUpdate({
        target: catalogPhotos.productId,
        set: { sha256, uploadId: upload.id, fileName, updatedAt: sqlNow },
      }),
    catalogChange(ctx.db),
  ]);
  await publishCatalogChange(ctx, results);
  return { ok: true, outcome: "stored" };
}
