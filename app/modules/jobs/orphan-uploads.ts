/**
 * Deletes uploads nobody attached to a product: their R2 objects (original and variants) and their
 * row. Plain bindings in, no app imports, so the dry-run command (scripts/orphans.ts) runs this very
 * code against local state.
 *
 * Safe to run twice and concurrently: every step is idempotent (R2 deletes of missing keys succeed,
 * the row delete is conditional), and a referenced upload is never touched because the reference is
 * checked in the same statement that picks it, and uploads can only be attached within 12 hours
 * while deletion starts at 24.
 */
import { and, eq, lt, notExists, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
// With its extension: the dry-run script (plain Node) imports this module too.
import { productImages, uploads } from "../../../database/schema.ts";

export type OrphanReport = {
  dryRun: boolean;
  cutoff: string;
  /** Upload ids deleted (or, in a dry run, that would be). */
  uploads: string[];
  /** R2 keys deleted (or that would be). */
  objects: string[];
};

type Bindings = { d1: D1Database; media: R2Bucket };

const UPLOAD_PREFIX = "uploads/";
const BATCH = 200;

export async function cleanUpOrphanUploads(
  { d1, media }: Bindings,
  options: { olderThanHours: number; dryRun?: boolean; now?: Date },
): Promise<OrphanReport> {
  const db = drizzle(d1);
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.olderThanHours * 3600_000);
  const report: OrphanReport = {
    dryRun: Boolean(options.dryRun),
    cutoff: cutoff.toISOString(),
    uploads: [],
    objects: [],
  };

  // Rows: old uploads that no product image points at.
  const unreferenced = notExists(
    db.select({ one: sql`1` }).from(productImages).where(eq(productImages.r2Key, uploads.key)),
  );
  const results = await db
    .select({ id: uploads.id })
    .from(uploads)
    .where(and(lt(uploads.createdAt, cutoff.toISOString()), unreferenced))
    .limit(BATCH);
  const orphanIds = new Set(results.map((r) => r.id));

  // Objects: old keys under uploads/ whose upload has no row at all (a crash between storing the
  // bytes and recording them), found by listing the bucket.
  let cursor: string | undefined;
  const unknown = new Set<string>();
  do {
    const page = await media.list({ prefix: UPLOAD_PREFIX, cursor, limit: 1000 });
    for (const object of page.objects) {
      const id = object.key.slice(UPLOAD_PREFIX.length).split("/")[0] ?? "";
      if (object.uploaded < cutoff && !orphanIds.has(id)) unknown.add(id);
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  for (const id of unknown) {
    const row = await db.select({ id: uploads.id }).from(uploads).where(eq(uploads.id, id)).get();
    if (!row) orphanIds.add(id);
  }

  for (const id of orphanIds) {
    const listed = await media.list({ prefix: `${UPLOAD_PREFIX}${id}/` });
    const keys = listed.objects.map((o) => o.key);
    // Checked once more right before deleting: a product image for this upload wins.
    const referenced = await db
      .select({ id: productImages.id })
      .from(productImages)
      .where(sql`${productImages.r2Key} LIKE ${`${UPLOAD_PREFIX}${id}/%`} ESCAPE '\\'`)
      .get();
    if (referenced) continue;
    report.uploads.push(id);
    report.objects.push(...keys);
    if (options.dryRun) continue;
    if (keys.length) await media.delete(keys);
    await db.delete(uploads).where(and(eq(uploads.id, id), unreferenced));
  }
  return report;
}
