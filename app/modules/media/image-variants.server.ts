import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type ImageVariant, productImages, uploads } from "../../../database/schema";
import { IMAGE_VARIANT_WIDTHS, MEDIA_IMMUTABLE_CACHE_CONTROL } from "../../lib/constants";
import { catalogChange, publishCatalogChange } from "../cache/catalog-changes.server";
import { reportProblem } from "../observability/error-reports.server";
import type { Logger } from "../observability/logger.server";
import type { RequestContext } from "../platform/request-context.server";
import { variantKey } from "./uploads.server";

export const ImageMessage = z.object({ uploadId: z.string().regex(/^[0-9a-f]{32}$/) });

type VariantContext = Pick<RequestContext, "db" | "bindings" | "env" | "kv" | "logger">;

/** The widths to make for an image `width` pixels wide: never wider than the original. */
export function variantWidths(width: number): number[] {
  const smaller = IMAGE_VARIANT_WIDTHS.filter((w) => w < width);
  const largest = Math.min(width, IMAGE_VARIANT_WIDTHS.at(-1) ?? width);
  return [...new Set([...smaller, largest])];
}

/**
 * Makes the WebP variants of one upload with the Images binding, stores them beside the original
 * and points the upload and any product image using it at them. Safe to run twice: the same keys
 * are overwritten with the same bytes.
 */
export async function makeVariants(ctx: VariantContext, uploadId: string): Promise<ImageVariant[] | null> {
  const upload = await ctx.db
    .select({ key: uploads.key, width: uploads.width })
    .from(uploads)
    .where(and(eq(uploads.id, uploadId), eq(uploads.state, "stored")))
    .get();
  // A stored upload always has its measured width; without one there is nothing to scale down from.
  if (!upload || upload.width === null) return null;
  const original = await ctx.bindings.MEDIA.get(upload.key);
  if (!original) return null;
  const bytes = await original.arrayBuffer();
  const variants: ImageVariant[] = [];
  for (const width of variantWidths(upload.width)) {
    const output = await ctx.bindings.IMAGES.input(new Response(bytes).body as ReadableStream<Uint8Array>)
      .transform({ width, fit: "scale-down" })
      .output({ format: "image/webp", quality: 82 });
    const key = variantKey(uploadId, width);
    await ctx.bindings.MEDIA.put(key, await output.response().arrayBuffer(), {
      httpMetadata: { contentType: "image/webp", cacheControl: MEDIA_IMMUTABLE_CACHE_CONTROL },
    });
    variants.push({ width, key });
  }
  const results = await ctx.db.batch([
    ctx.db.update(uploads).set({ variants }).where(eq(uploads.id, uploadId)),
    ctx.db.update(productImages).set({ variants }).where(eq(productImages.r2Key, upload.key)),
    // Pages showing the image re-render with its srcset (when a product uses it yet).
    catalogChange(ctx.db, sql`changes() > 0`),
  ]);
  await publishCatalogChange(ctx, results);
  return variants;
}

export async function consumeImageBatch(batch: MessageBatch<unknown>, ctx: VariantContext & { logger: Logger }) {
  if (batch.queue.endsWith("-dlq")) {
    // Out of retries: the product keeps showing the original image (no srcset), which still works.
    for (const message of batch.messages) {
      ctx.logger.error("image variants gave up", { body: JSON.stringify(message.body) });
      const uploadId = ImageMessage.safeParse(message.body).data?.uploadId;
      reportProblem("Image variants could not be made after every retry", { queue: batch.queue, upload_id: uploadId });
      message.ack();
    }
    return;
  }
  for (const message of batch.messages) {
    const parsed = ImageMessage.safeParse(message.body);
    if (!parsed.success) {
      ctx.logger.error("malformed image message dropped", { id: message.id });
      message.ack();
      continue;
    }
    try {
      const variants = await makeVariants(ctx, parsed.data.uploadId);
      ctx.logger.info("image variants made", { uploadId: parsed.data.uploadId, count: variants?.length ?? 0 });
      message.ack();
    } catch (error) {
      ctx.logger.warn("image variants failed; will retry", { uploadId: parsed.data.uploadId, error: String(error) });
      message.retry({ delaySeconds: Math.min(300, 2 ** message.attempts * 5) });
    }
  }
}
