/**
 * Writes a backup (format.ts) in bounded memory, whatever the database's size: each table is read
 * in keyset pages by rowid (never OFFSET, never a whole table), SQLite renders each row as one JSON
 * line, and lines are gathered into chunks of about CHUNK_TARGET_BYTES that are written and
 * forgotten one at a time. At most one chunk and one page are held at once (about 12 MiB).
 */
import {
  type Bytes,
  CHUNK_TARGET_BYTES,
  FORMAT,
  FORMAT_VERSION,
  MANIFEST_FILE,
  MAX_FUNCTION_ARGUMENTS,
  type Manifest,
  type ManifestTable,
  PAGE_MAX_BYTES,
  PAGE_ROWS,
  sha256Hex,
} from "./format.ts";
import { type BackedUpTable, fullTextTables, quoted, tablesToBackUp } from "./tables.ts";

/** The first page of a table asks for this many rows, until its rows' size is known. */
const FIRST_PAGE_ROWS = 200;

/** Where chunks go: R2 when backing up, nowhere (only their checksums) when comparing. */
export type ChunkSink = (file: string, bytes: Bytes) => Promise<void>;

const encoder = new TextEncoder();

/**
 * One JSON array per row, exact for every SQLite type (a blob becomes {"b": hex}). A table wider
 * than D1's 32 function arguments is rendered 32 columns at a time and the arrays joined (no
 * value starts with "[" or ends with "]": none is an array).
 */
export function rowAsJson(table: BackedUpTable): string {
  const values = table.columns.map(
    (c) => `CASE WHEN typeof(${quoted(c)}) = 'blob' THEN json_object('b', hex(${quoted(c)})) ELSE ${quoted(c)} END`,
  );
  if (values.length <= MAX_FUNCTION_ARGUMENTS) return `json_array(${values.join(", ")})`;
  const parts = [];
  for (let i = 0; i < values.length; i += MAX_FUNCTION_ARGUMENTS) {
    parts.push(`rtrim(ltrim(json_array(${values.slice(i, i + MAX_FUNCTION_ARGUMENTS).join(", ")}), '['), ']')`);
  }
  return `'[' || ${parts.join(" || ',' || ")} || ']'`;
}

/**
 * The page after rowid ?1: up to ?3 rows, cut where their JSON passes ?2 bytes (the row that
 * crosses the line is kept, so a page always moves on).
 */
function pageQuery(table: BackedUpTable): string {
  return `SELECT k, line FROM (
      SELECT k, line, sum(length(CAST(line AS BLOB))) OVER (ORDER BY k ROWS UNBOUNDED PRECEDING) - length(CAST(line AS BLOB)) AS before
      FROM (SELECT rowid AS k, ${rowAsJson(table)} AS line FROM ${quoted(table.name)} WHERE rowid > ?1 ORDER BY rowid LIMIT ?3)
    ) WHERE before < ?2 ORDER BY k`;
}

async function exportTable(
  d1: D1Database,
  table: BackedUpTable,
  sink: ChunkSink,
  nextChunkNumber: () => number,
): Promise<ManifestTable> {
  const result: ManifestTable = { name: table.name, columns: table.columns, rows: 0, chunks: [] };
  const statement = d1.prepare(pageQuery(table));
  let lines: string[] = [];
  let size = 0;
  const flush = async () => {
    if (lines.length === 0) return;
    const bytes = encoder.encode(`${lines.join("\n")}\n`);
    const file = `${String(nextChunkNumber()).padStart(5, "0")}-${table.name}.jsonl`;
    await sink(file, bytes);
    result.chunks.push({ file, rows: lines.length, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) });
    result.rows += lines.length;
    lines = [];
    size = 0;
  };
  let after = Number.MIN_SAFE_INTEGER;
  // SQLite renders every row the LIMIT lets in before the byte cut: ask for about as many rows as
  // fit in a page, judged by the rows seen so far (wide email rows: ~300; narrow events: 5 000).
  let limit = FIRST_PAGE_ROWS;
  for (;;) {
    const { results } = await statement.bind(after, PAGE_MAX_BYTES, limit).all<{ k: number; line: string }>();
    let pageSize = 0;
    for (const row of results) {
      lines.push(row.line);
      pageSize += row.line.length;
    }
    size += pageSize;
    if (size >= CHUNK_TARGET_BYTES) await flush();
    const last = results.at(-1);
    // Fewer rows than asked, and too few characters to have met the byte cut (a character is at
    // most 3 UTF-8 bytes per UTF-16 unit): the table has ended, no need to ask again.
    if (!last || (results.length < limit && pageSize * 3 < PAGE_MAX_BYTES)) break;
    after = last.k;
    limit = Math.max(1, Math.min(PAGE_ROWS, Math.floor(PAGE_MAX_BYTES / (pageSize / results.length))));
  }
  await flush();
  return result;
}

/** Reads every table into chunks handed to `sink`; returns the manifest describing them. */
export async function exportDatabase(
  d1: D1Database,
  sink: ChunkSink,
  { startedAt = new Date() }: { startedAt?: Date } = {},
): Promise<Manifest> {
  const started = performance.now();
  const tables = await tablesToBackUp(d1);
  const { results: migrations } = await d1
    .prepare("SELECT name FROM d1_migrations ORDER BY id")
    .all<{ name: string }>()
    .catch(() => ({ results: [] as { name: string }[] }));
  let chunkNumber = 0;
  const exported: ManifestTable[] = [];
  for (const table of tables) exported.push(await exportTable(d1, table, sink, () => ++chunkNumber));
  const chunks = exported.flatMap((t) => t.chunks);
  return {
    format: FORMAT,
    version: FORMAT_VERSION,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
    migrations: migrations.map((m) => m.name),
    tables: exported,
    fullText: await fullTextTables(d1),
    totals: {
      rows: exported.reduce((sum, t) => sum + t.rows, 0),
      bytes: chunks.reduce((sum, c) => sum + c.bytes, 0),
      chunks: chunks.length,
    },
  };
}

/** Writes a whole backup into `folder` of the bucket: chunks first, the manifest last. */
export async function writeBackup(d1: D1Database, bucket: R2Bucket, folder: string, startedAt: Date) {
  const manifest = await exportDatabase(
    d1,
    async (file, bytes) => {
      await bucket.put(`${folder}${file}`, bytes, { httpMetadata: { contentType: "application/x-ndjson" } });
    },
    { startedAt },
  );
  await bucket.put(`${folder}${MANIFEST_FILE}`, JSON.stringify(manifest, null, 1), {
    httpMetadata: { contentType: "application/json" },
    customMetadata: { rows: String(manifest.totals.rows), bytes: String(manifest.totals.bytes) },
  });
  return manifest;
}

/** The checksums a database would back up to now: compared against a manifest after a restore. */
export async function checksumsOf(d1: D1Database): Promise<Map<string, string[]>> {
  const manifest = await exportDatabase(d1, async () => {});
  return new Map(manifest.tables.map((t) => [t.name, t.chunks.map((c) => c.sha256)]));
}
