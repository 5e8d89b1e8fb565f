/**
 * The backup format (docs/decisions/020-backups-restore-alerts.md). A backup is a folder in R2:
 *
 *   backups/d1/<started, ISO with - for : and .>/00001-categories.jsonl …  manifest.json
 *
 * Each chunk holds whole rows of one table, one JSON array per line in the table's column order,
 * as SQLite's own json_array() wrote them: NULL is null, integers are exact digits (even beyond
 * 2^53), reals round-trip, text is a JSON string (control characters escaped), a blob is
 * {"b":"<hex>"}. The manifest is written last, so a folder without one is not a backup.
 *
 * Plain TypeScript with `.ts` imports: the restore and bench scripts run it in Node too.
 */
import { z } from "zod";

export const BACKUP_ROOT = "backups/d1/";
export const MANIFEST_FILE = "manifest.json";
export const FORMAT = "band-of-bakers/d1-backup";
export const FORMAT_VERSION = 2;

/** Rows per D1 read: keyset pages of at most this many rows… */
export const PAGE_ROWS = 5000;
/** …and at most this many bytes of JSON (plus one row: a single row is never split). */
export const PAGE_MAX_BYTES = 2 * 1024 * 1024;
/** A chunk is written once it holds this much: so at most this plus one page (8 MiB) at once. */
export const CHUNK_TARGET_BYTES = 6 * 1024 * 1024;
/** D1 allows at most 32 arguments per SQL function (its limits page), json_array's included. */
export const MAX_FUNCTION_ARGUMENTS = 32;

const Chunk = z.object({
  /** The object's name inside the backup's folder. */
  file: z.string().regex(/^\d{5}-[a-z0-9_]+\.jsonl$/),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const Table = z.object({
  name: z.string().regex(/^[a-z0-9_]+$/),
  columns: z.array(z.string().regex(/^[a-z0-9_]+$/)).min(1),
  rows: z.number().int().nonnegative(),
  chunks: z.array(Chunk),
});

export const Manifest = z.object({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().nonnegative(),
  /** The D1 migrations applied to the database it came from, in order: its schema version. */
  migrations: z.array(z.string()),
  tables: z.array(Table),
  /** Full-text indexes, rebuilt from their tables after a restore rather than copied. */
  fullText: z.array(z.string().regex(/^[a-z0-9_]+$/)),
  totals: z.object({ rows: z.number().int(), bytes: z.number().int(), chunks: z.number().int() }),
});
export type Manifest = z.infer<typeof Manifest>;
export type ManifestTable = Manifest["tables"][number];
export type ManifestChunk = ManifestTable["chunks"][number];

/** Something a backup can't be trusted for, said so a person can act on it. */
export class BackupProblem extends Error {}

/** The folder for a backup started at `at`. */
export function backupFolder(at: Date): string {
  return `${BACKUP_ROOT}${at.toISOString().replace(/[:.]/g, "-")}/`;
}

/** Backups written before this format: one `.sql` file of statements, no manifest, no checksums. */
export function isOldSqlBackup(key: string): boolean {
  return key.startsWith(BACKUP_ROOT) && key.endsWith(".sql");
}

export function parseManifest(text: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupProblem("The manifest is not valid JSON: the backup is damaged.");
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const format = (json as { format?: unknown; version?: unknown } | null) ?? {};
    if (format.format === FORMAT && format.version !== FORMAT_VERSION) {
      throw new BackupProblem(
        `The backup is format version ${String(format.version)}; this release reads version ${FORMAT_VERSION}.`,
      );
    }
    throw new BackupProblem(
      `The manifest is not one this shop wrote: ${parsed.error.issues[0]?.message ?? "invalid"}.`,
    );
  }
  const manifest = parsed.data;
  for (const table of manifest.tables) {
    const rows = table.chunks.reduce((sum, chunk) => sum + chunk.rows, 0);
    if (rows !== table.rows) {
      throw new BackupProblem(
        `The manifest says ${table.name} has ${table.rows} rows but its chunks add up to ${rows}.`,
      );
    }
  }
  return manifest;
}

/** Bytes as WebCrypto and R2 take them. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** SHA-256 of the bytes, as lowercase hex (WebCrypto: in the Worker and in Node alike). */
export async function sha256Hex(bytes: Bytes): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Where backups are read from: R2 in the Worker, local R2 or a downloaded folder in scripts. */
export interface BackupReader {
  /** The object's bytes, or null if there is none. */
  read(key: string): Promise<Bytes | null>;
}

export function r2Reader(bucket: R2Bucket): BackupReader {
  return {
    async read(key) {
      const object = await bucket.get(key);
      return object ? new Uint8Array(await object.arrayBuffer()) : null;
    },
  };
}
