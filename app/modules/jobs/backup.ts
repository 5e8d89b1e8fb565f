/**
 * D1 backups as SQL text: `DELETE` every table, then `INSERT` every row, in foreign-key order,
 * one statement per line. The same file restores locally or remotely with
 * `wrangler d1 execute DB --file …` (README), and the worker test restores it line by line.
 * Plain bindings in and no app imports, so scripts can run it too.
 */
type TableInfo = { name: string; parents: string[] };

// Internal tables and the full-text index (rebuilt by the products triggers as rows come back).
const SKIPPED = /^(sqlite_|_cf_|d1_migrations$|products_fts)/;

async function tablesInDependencyOrder(d1: D1Database): Promise<TableInfo[]> {
  const { results } = await d1
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all<{ name: string }>();
  const tables: TableInfo[] = [];
  for (const { name } of results.filter((t) => !SKIPPED.test(t.name))) {
    const { results: keys } = await d1.prepare(`PRAGMA foreign_key_list("${name}")`).all<{ table: string }>();
    tables.push({ name, parents: [...new Set(keys.map((k) => k.table))].filter((p) => p !== name) });
  }
  // Parents before children, so inserts never point at a missing row.
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (t) => !placed.has(t.name) && t.parents.every((p) => placed.has(p) || !tables.some((x) => x.name === p)),
    );
    if (ready.length === 0) throw new Error("circular foreign keys");
    for (const table of ready) {
      ordered.push(table);
      placed.add(table.name);
    }
  }
  return ordered;
}

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

// Anything a line-by-line or statement-splitting reader could trip on: every C0 control character
// (NUL ends a C string; CR/LF end our lines), DEL, and the Unicode line and paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what must not travel raw.
const UNSAFE_IN_TEXT = /[\u0000-\u001f\u007f\u2028\u2029]/;

/**
 * A SQL literal that fits on one line and survives any replay: text holding a control character
 * travels as hex (UTF-8 bytes, cast back to text), everything else is quoted.
 */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (value instanceof ArrayBuffer) return `X'${hex(new Uint8Array(value))}'`;
  if (ArrayBuffer.isView(value)) return `X'${hex(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))}'`;
  const text = String(value);
  if (UNSAFE_IN_TEXT.test(text)) return `CAST(X'${hex(new TextEncoder().encode(text))}' AS TEXT)`;
  return `'${text.replaceAll("'", "''")}'`;
}

export async function exportDatabase(d1: D1Database): Promise<{ sql: string; rows: number; tables: number }> {
  const tables = await tablesInDependencyOrder(d1);
  const lines = ["PRAGMA defer_foreign_keys = on;"];
  for (const table of [...tables].reverse()) lines.push(`DELETE FROM "${table.name}";`);
  let rows = 0;
  for (const table of tables) {
    const { results } = await d1.prepare(`SELECT * FROM "${table.name}"`).all<Record<string, unknown>>();
    for (const row of results) {
      const columns = Object.keys(row);
      lines.push(
        `INSERT INTO "${table.name}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((c) => literal(row[c])).join(", ")});`,
      );
      rows += 1;
    }
  }
  return { sql: `${lines.join("\n")}\n`, rows, tables: tables.length };
}

export const BACKUP_PREFIX = "backups/d1/";

/** Writes a backup to R2 as backups/d1/<timestamp>.sql and keeps the newest `keep`. */
export async function backUpToR2(
  { d1, media }: { d1: D1Database; media: R2Bucket },
  options: { keep: number; now?: Date },
): Promise<{ key: string; rows: number; tables: number; removed: number }> {
  const { sql, rows, tables } = await exportDatabase(d1);
  const key = `${BACKUP_PREFIX}${(options.now ?? new Date()).toISOString().replace(/[:.]/g, "-")}.sql`;
  await media.put(key, sql, {
    httpMetadata: { contentType: "application/sql" },
    customMetadata: { rows: String(rows) },
  });
  const listed = await media.list({ prefix: BACKUP_PREFIX });
  const old = listed.objects
    .map((o) => o.key)
    .sort()
    .reverse()
    .slice(options.keep);
  if (old.length) await media.delete(old);
  return { key, rows, tables, removed: old.length };
}

/** Runs a backup's statements against a database (what `wrangler d1 execute --file` does). */
export async function restoreDatabase(d1: D1Database, sql: string): Promise<number> {
  const statements = sql.split("\n").filter((line) => line.trim() && !line.startsWith("PRAGMA"));
  // Deletes run children-first and inserts parents-first, so chunks never break a foreign key.
  for (let i = 0; i < statements.length; i += 100) {
    await d1.batch(statements.slice(i, i + 100).map((statement) => d1.prepare(statement)));
  }
  return statements.length;
}
