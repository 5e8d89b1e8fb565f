/**
 * Deletes uploads nobody attached to a product: their R2 objects (original and variants) and their
 * row. Plain bindings in, no app imports, so the dry-run command (scripts/orphans.ts) runs this very
 * code against local state.
 *
 * Safe to run twice and concurrently: every step is idempotent (R2 deletes of missing keys succeed,
 * the row delete is conditional), and a referenced upload is never touched because the reference is
 * checked in the same statement that picks it, and uploads can only be attached within 12 hours
 * while deletion starts at 24.
 *
 * Bounded per run whatever the backlog (issue 15): at most `BATCH` uploads, found and checked with
 * set-based queries (the ids passed as one JSON parameter, read with `json_each`), their objects
 * taken from one listing of the bucket and deleted up to 1 000 keys a call. A run costs four D1
 * queries and a few R2 calls plus one R2 list per 1 000 objects, not queries per image; what is
 * left over is deleted by the next run.
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
/** Uploads handled per run at most; the rest wait for the next run (hourly). */
export const BATCH = 200;
/** Ids checked in one query (one JSON parameter, ~40 bytes each: well under D1's 2 MB a value). */
const IDS_PER_QUERY = 20_000;
/** R2's delete takes up to 1 000 keys a call. */
const KEYS_PER_DELETE = 1000;

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

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
  const rows = await db
    .select({ id: uploads.id })
    .from(uploads)
    .where(and(lt(uploads.createdAt, cutoff.toISOString()), unreferenced))
    .limit(BATCH);
  const orphanIds = new Set(rows.map((r) => r.id));

  // Objects: every key under uploads/, by upload id, from one listing of the bucket. Old keys
  // whose upload has no row at all (a crash between storing the bytes and recording them) are
  // orphans too.
  const keysById = new Map<string, string[]>();
  const withOldObjects = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await media.list({ prefix: UPLOAD_PREFIX, cursor, limit: 1000 });
    for (const object of page.objects) {
      const id = object.key.slice(UPLOAD_PREFIX.length).split("/")[0] ?? "";
      keysById.set(id, [...(keysById.get(id) ?? []), object.key]);
      if (object.uploaded < cutoff) withOldObjects.add(id);
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  const unknown = [...withOldObjects].filter((id) => !orphanIds.has(id)).slice(0, IDS_PER_QUERY);
  if (unknown.length > 0) {
    const known = await db.select({ id: uploads.id }).from(uploads).where(inJson(uploads.id, unknown));
    const hasRow = new Set(known.map((r) => r.id));
    for (const id of unknown) if (!hasRow.has(id) && orphanIds.size < BATCH) orphanIds.add(id);
  }

  // Checked once more right before deleting: a product image for an upload wins.
  const candidates = [...orphanIds];
  const referenced = new Set<string>();
  if (candidates.length > 0) {
    const images = await db
      .select({ key: productImages.r2Key })
      .from(productImages)
      .where(
        sql`EXISTS (SELECT 1 FROM json_each(${JSON.stringify(candidates)}) WHERE ${productImages.r2Key} LIKE ${UPLOAD_PREFIX} || value || '/%')`,
      );
    for (const { key } of images) referenced.add(key.slice(UPLOAD_PREFIX.length).split("/")[0] ?? "");
  }
  const deletable = candidates.filter((id) => !referenced.has(id));
  report.uploads = deletable;
  report.objects = deletable.flatMap((id) => keysById.get(id) ?? []);
  if (options.dryRun || deletable.length === 0) return report;

  for (const keys of chunks(report.objects, KEYS_PER_DELETE)) await media.delete(keys);
  await db.delete(uploads).where(and(inJson(uploads.id, deletable), unreferenced));
  return report;
}

/** `column IN (the ids)`, the ids as one JSON parameter: D1 allows only 100 bound parameters. */
function inJson(column: typeof uploads.id, ids: string[]) {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}
