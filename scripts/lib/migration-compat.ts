/**
 * Migrations stay backward compatible for one release (docs/decisions/021-deploys-and-migrations.md):
 * D1 migrations are applied before the new Worker goes live and are not versioned with it, so the
 * release still running must keep working on the migrated database. Each migration is applied in
 * order to an in-memory SQLite (node:sqlite), and what it does to the tables before it is compared:
 *
 * - a table or column that disappears (dropped, or renamed: the old name disappears), or
 * - a column added to an existing table that is NOT NULL without a default (the running release's
 *   INSERTs do not name it)
 *
 * is a contract step. It is allowed only with a marker in the migration naming what and the
 * release that stopped using it:   -- contract: products.stock unused since <release>
 */
import { DatabaseSync } from "node:sqlite";

export type MigrationFile = { name: string; sql: string };
export type Finding = { migration: string; subject: string; problem: string };

type Column = { name: string; notnull: number; dflt_value: string | null; pk: number };

const CONTRACT_MARKER = /^--\s*contract:\s*(\S+)\s+unused since\s+(\S.*)$/gim;

function tables(db: DatabaseSync): Map<string, Column[]> {
  const rows = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string; sql: string | null }[];
  const virtual = rows.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? "")).map((t) => t.name);
  const result = new Map<string, Column[]>();
  for (const { name } of rows) {
    if (virtual.some((v) => name === v || name.startsWith(`${v}_`))) continue;
    result.set(
      name,
      db.prepare('SELECT name, "notnull", dflt_value, pk FROM pragma_table_info(?)').all(name) as Column[],
    );
  }
  return result;
}

/** What each migration would break for the release before it, unless it is marked as a contract step. */
export function incompatibleChanges(migrations: MigrationFile[]): Finding[] {
  const db = new DatabaseSync(":memory:");
  const findings: Finding[] = [];
  for (const migration of migrations) {
    const before = tables(db);
    db.exec(migration.sql);
    const after = tables(db);
    const marked = new Set([...migration.sql.matchAll(CONTRACT_MARKER)].map((m) => (m[1] ?? "").toLowerCase()));
    const report = (subject: string, problem: string) => {
      if (!marked.has(subject.toLowerCase())) findings.push({ migration: migration.name, subject, problem });
    };
    for (const [table, columns] of before) {
      const now = after.get(table);
      if (!now) {
        report(table, "drops or renames a table the running release may still use");
        continue;
      }
      for (const column of columns) {
        if (!now.some((c) => c.name === column.name)) {
          report(`${table}.${column.name}`, "drops or renames a column the running release may still use");
        }
      }
      for (const column of now) {
        const added = !columns.some((c) => c.name === column.name);
        if (added && column.notnull && column.dflt_value === null && !column.pk) {
          report(
            `${table}.${column.name}`,
            "adds a NOT NULL column without a default: the running release's inserts fail",
          );
        }
      }
    }
  }
  db.close();
  return findings;
}
