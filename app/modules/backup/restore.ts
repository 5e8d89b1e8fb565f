/**
 * Restores a verified backup into an EMPTY database, never over a live one: the schema the
 * backup was made under (its migrations), then its rows, then any migrations written since, then
 * the full-text indexes rebuilt. The statements come from one generator whether they run through
 * a D1 binding (local restores, tests) or go into a file for `wrangler d1 execute --remote`.
 */

import { checksumsOf } from "./export.ts";
import {
  BackupProblem,
  type BackupReader,
  MAX_FUNCTION_ARGUMENTS,
  type Manifest,
  type ManifestTable,
  sha256Hex,
} from "./format.ts";
import { fullTextTables, quoted, tablesToBackUp } from "./tables.ts";
import { verifyBackup } from "./verify.ts";

/** A D1 migration as wrangler applies it: its file name and its statements. */
export type Migration = { name: string; queries: string[] };

/** D1's longest SQL statement is 100 000 bytes: a file's INSERTs carry rows up to this much. */
const STATEMENT_BYTES = 90_000;
/** A bound value may be 2 MB (D1's largest row); a bound INSERT carries rows up to this much. */
const PARAMETER_BYTES = 1_000_000;

/** Wrangler's own record of applied migrations, as `wrangler d1 migrations apply` creates it. */
export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS d1_migrations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Splits the migrations into those the backup was made under and those written since. */
export function migrationsFor(
  manifest: Manifest,
  migrations: Migration[],
): { before: Migration[]; after: Migration[] } {
  const known = migrations.map((m) => m.name);
  manifest.migrations.forEach((name, i) => {
    if (known[i] !== name) {
      throw new BackupProblem(
        known.includes(name)
          ? `The backup's migrations are not in this release's order (${name}).`
          : `The backup was made by a newer release (migration ${name} is not in database/migrations): restore it with that release.`,
      );
    }
  });
  return {
    before: migrations.slice(0, manifest.migrations.length),
    after: migrations.slice(manifest.migrations.length),
  };
}

function migrationStatements(migrations: Migration[]): string[] {
  return migrations.flatMap((m) => [...m.queries, `INSERT INTO d1_migrations (name) VALUES (${sqlText(m.name)})`]);
}

/**
 * The schema the backup was made under, emptied again: migrations seed some tables (the
 * catalogue version, the bakery's week), and the backup holds those rows as they were.
 */
function schemaStatements(manifest: Manifest, before: Migration[]): string[] {
  return [
    MIGRATIONS_TABLE,
    ...migrationStatements(before),
    ...[...manifest.tables].reverse().map((t) => `DELETE FROM ${quoted(t.name)}`),
  ];
}

/** The INSERT for a group of one table's JSON rows (`json` is a literal or ?1): SQLite reads them back. */
function insertRows(table: ManifestTable, json: string): string {
  const values = table.columns.map(
    (_, i) =>
      `CASE WHEN json_type(value, '$[${i}]') = 'object' THEN unhex(value ->> '$[${i}].b') ELSE value ->> ${i} END`,
  );
  return `INSERT INTO ${quoted(table.name)} (${table.columns.map(quoted).join(", ")}) SELECT ${values.join(", ")} FROM json_each(${json}) ORDER BY key`;
}

/**
 * Each table's rows in groups of at most `maxBytes` of JSON (a longer row alone), reading each
 * chunk again and checking it once more (verified a moment ago, but the bucket is not ours alone).
 * One chunk is held at a time.
 */
async function* rowGroups(reader: BackupReader, folder: string, manifest: Manifest, maxBytes: number) {
  const decoder = new TextDecoder();
  for (const table of manifest.tables) {
    for (const chunk of table.chunks) {
      const bytes = await reader.read(`${folder}${chunk.file}`);
      if (!bytes || (await sha256Hex(bytes)) !== chunk.sha256) {
        throw new BackupProblem(`${chunk.file} changed while it was being restored.`);
      }
      let lines: string[] = [];
      let size = 0;
      for (const line of decoder.decode(bytes).split("\n")) {
        if (!line) continue;
        if (lines.length && size + line.length > maxBytes) {
          yield { table, json: `[${lines.join(",")}]` };
          lines = [];
          size = 0;
        }
        lines.push(line);
        size += line.length + 1;
      }
      if (lines.length) yield { table, json: `[${lines.join(",")}]` };
    }
  }
}

type Statement = { sql: string; params: string[] };

/** The rows through a D1 binding: each group travels as one bound JSON parameter of an INSERT. */
async function* boundRows(reader: BackupReader, folder: string, manifest: Manifest) {
  for await (const { table, json } of rowGroups(reader, folder, manifest, PARAMETER_BYTES)) {
    yield { sql: insertRows(table, "?1"), params: [json] } satisfies Statement;
  }
}

/**
 * The restore as SQL text, for a file `wrangler d1 execute --remote --file` runs: the rows are
 * literals, so every statement must stay under D1's 100 000 bytes; a row too long for that is
 * refused while the file is written, before anything runs.
 */
export async function* restoreStatements(
  reader: BackupReader,
  folder: string,
  manifest: Manifest,
  migrations: { before: Migration[] },
): AsyncGenerator<string> {
  yield* schemaStatements(manifest, migrations.before);
  for await (const { table, json } of rowGroups(reader, folder, manifest, STATEMENT_BYTES)) {
    const statement = insertRows(table, sqlText(json));
    if (statement.length > 99_000) {
      throw new BackupProblem(
        `A row of ${table.name} is too long for a D1 statement (${statement.length} bytes): restore this backup locally and import the database with wrangler d1 export/execute instead (docs/operations.md).`,
      );
    }
    yield statement;
  }
}

/** Rebuilds a full-text index from its content table (FTS5's own command). */
const rebuildFullText = (name: string) => `INSERT INTO ${quoted(name)}(${quoted(name)}) VALUES('rebuild')`;

/** What runs after the rows: migrations written since the backup, then the full-text rebuild. */
export function finishingStatements(manifest: Manifest, after: Migration[]): string[] {
  return [...migrationStatements(after), ...manifest.fullText.map(rebuildFullText)];
}

/**
 * Queries counting the rows of these tables (names from a verified manifest): one JSON object per
 * query, 16 tables each (D1 allows 32 arguments per function, and a compound SELECT of only 5).
 */
export function countQueries(tables: string[]): string[] {
  const queries = [];
  const perQuery = MAX_FUNCTION_ARGUMENTS / 2;
  for (let i = 0; i < tables.length; i += perQuery) {
    const pairs = tables
      .slice(i, i + perQuery)
      .map((name) => `${sqlText(name)}, (SELECT count(*) FROM ${quoted(name)})`);
    queries.push(`SELECT json_object(${pairs.join(", ")}) AS counts`);
  }
  return queries;
}

/** Row counts per table, from the rows countQueries returned. */
export function parseCounts(rows: { counts: string }[]): Map<string, number> {
  return new Map(rows.flatMap((row) => Object.entries(JSON.parse(row.counts) as Record<string, number>)));
}

/** Counts the rows of these tables in one round trip. */
export async function countRows(d1: D1Database, tables: string[]): Promise<Map<string, number>> {
  if (tables.length === 0) return new Map();
  const results = await d1.batch<{ counts: string }>(countQueries(tables).map((q) => d1.prepare(q)));
  return parseCounts(results.flatMap((r) => r.results));
}

export type RestoreReport = {
  manifest: Manifest;
  tables: { name: string; expected: number; restored: number }[];
  /** Every chunk's checksum, recomputed from the restored rows, equals the manifest's. */
  checksumsMatch: boolean;
  migrationsApplied: string[];
};

async function assertEmpty(d1: D1Database) {
  const { results } = await d1
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' LIMIT 1",
    )
    .all<{ name: string }>();
  if (results.length) {
    throw new BackupProblem(
      `The target database is not empty (it has a ${results[0]?.name} table): a restore goes into a new, empty database.`,
    );
  }
}

/** Runs statements in batches of about 4 MB (each batch is one transaction). */
async function run(d1: D1Database, statements: AsyncIterable<Statement> | Iterable<Statement>) {
  let batch: Statement[] = [];
  let size = 0;
  const flush = async () => {
    if (batch.length) await d1.batch(batch.map((s) => d1.prepare(s.sql).bind(...s.params)));
    batch = [];
    size = 0;
  };
  for await (const statement of statements) {
    batch.push(statement);
    size += statement.sql.length + (statement.params[0]?.length ?? 0);
    if (size > 4_000_000 || batch.length >= 50) await flush();
  }
  await flush();
}

const unbound = (sql: string): Statement => ({ sql, params: [] });

/**
 * Verifies the backup, then restores it into `target`, which must be empty. Throws BackupProblem
 * before touching `target` if the backup is damaged, incomplete or from a newer release.
 */
export async function restoreBackup(
  target: D1Database,
  reader: BackupReader,
  folder: string,
  migrations: Migration[],
): Promise<RestoreReport> {
  const manifest = await verifyBackup(reader, folder);
  const split = migrationsFor(manifest, migrations);
  await assertEmpty(target);

  // The schema first: if the backup's own migrations do not make the tables it lists, stop before any row.
  await run(target, schemaStatements(manifest, split.before).map(unbound));
  const restoredTables = await tablesToBackUp(target);
  const mismatch = manifest.tables.find((t) => {
    const restored = restoredTables.find((r) => r.name === t.name);
    return !restored || restored.columns.join() !== t.columns.join();
  });
  if (mismatch || restoredTables.length !== manifest.tables.length) {
    throw new BackupProblem(
      `The backup's migrations do not make the tables it holds (${mismatch?.name ?? "a table too many"}): it cannot be restored with these migrations.`,
    );
  }
  await run(target, boundRows(reader, folder, manifest));
  // The rows as they are now, under the backup's own schema, must back up to the same bytes.
  const now = await checksumsOf(target);
  const checksumsMatch = manifest.tables.every((t) => now.get(t.name)?.join() === t.chunks.map((c) => c.sha256).join());

  const counts = await countRows(
    target,
    manifest.tables.map((t) => t.name),
  );
  await run(target, finishingStatements(manifest, split.after).map(unbound));
  return {
    manifest,
    tables: manifest.tables.map((t) => ({
      name: t.name,
      expected: t.rows,
      restored: counts.get(t.name) ?? 0,
    })),
    checksumsMatch,
    migrationsApplied: split.after.map((m) => m.name),
  };
}

/**
 * A backup in the format before this one (one `.sql` file: a DELETE of every table, then one
 * INSERT per row, one statement per line), replayed into an empty database migrated to this
 * release. It has no manifest or checksums, so nothing can be verified first; a statement that no
 * longer fits the schema stops it with the reason (the target was empty, so nothing live is hurt).
 */
export async function restoreOldSqlBackup(target: D1Database, text: string, migrations: Migration[]): Promise<number> {
  await assertEmpty(target);
  const statements = text.split("\n").filter((line) => line.trim() && !line.startsWith("PRAGMA"));
  await run(target, [MIGRATIONS_TABLE, ...migrationStatements(migrations)].map(unbound));
  try {
    await run(target, statements.map(unbound));
  } catch (error) {
    throw new BackupProblem(
      `This old backup does not fit this release's tables (${String(error)}): restore it with the release that made it.`,
    );
  }
  await run(
    target,
    (await fullTextTables(target)).map((name) => unbound(rebuildFullText(name))),
  );
  return statements.length;
}
