/**
 * Which tables a backup holds, parents before children: every table of the database except
 * SQLite's and Cloudflare's own, wrangler's migration log (the manifest records the schema
 * instead) and full-text indexes with their shadow tables, which a restore rebuilds from the rows.
 */
export type BackedUpTable = { name: string; columns: string[] };

const INTERNAL = /^(sqlite_|_cf_|d1_migrations$)/;

export async function tablesToBackUp(d1: D1Database): Promise<BackedUpTable[]> {
  const { results } = await d1
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all<{ name: string; sql: string | null }>();
  const virtual = results.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? "")).map((t) => t.name);
  const names = results
    .map((t) => t.name)
    .filter((name) => !INTERNAL.test(name) && !virtual.some((v) => name === v || name.startsWith(`${v}_`)));

  if (names.length === 0) return [];
  const parentsOf = new Map<string, string[]>();
  const columnsOf = new Map<string, string[]>();
  // Two pragma reads per table, all in one round trip.
  const pragmas = await d1.batch(
    names.flatMap((name) => [
      d1.prepare(`SELECT "table" AS parent FROM pragma_foreign_key_list(?1)`).bind(name),
      d1.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid").bind(name),
    ]),
  );
  names.forEach((name, i) => {
    const parents = (pragmas[i * 2]?.results ?? []) as { parent: string }[];
    const columns = (pragmas[i * 2 + 1]?.results ?? []) as { name: string }[];
    parentsOf.set(
      name,
      [...new Set(parents.map((p) => p.parent))].filter((p) => p !== name && names.includes(p)),
    );
    columnsOf.set(
      name,
      columns.map((c) => c.name),
    );
  });

  const ordered: BackedUpTable[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter((n) => !placed.has(n) && (parentsOf.get(n) ?? []).every((p) => placed.has(p)));
    if (ready.length === 0) throw new Error("circular foreign keys between tables");
    for (const name of ready) {
      ordered.push({ name, columns: columnsOf.get(name) ?? [] });
      placed.add(name);
    }
  }
  return ordered;
}

/** The full-text tables, rebuilt from their content tables after a restore. */
export async function fullTextTables(d1: D1Database): Promise<string[]> {
  const { results } = await d1
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'")
    .all<{ name: string }>();
  return results.map((t) => t.name);
}

export const quoted = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
