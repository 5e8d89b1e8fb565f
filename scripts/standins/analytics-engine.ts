/**
 * A local copy of Workers Analytics Engine for development and tests (decision 024): the local
 * METRICS binding keeps nothing that can be queried, so the Worker also posts each data point here,
 * and the System page's queries, the same SQL it sends to Cloudflare's SQL API, are answered from
 * an in-memory SQLite database.
 *
 * Each dataset is a table with Analytics Engine's columns (timestamp, _sample_interval, index1,
 * blob1–20, double1–20). Analytics Engine's SQL is ClickHouse's; the few parts the shop uses that
 * SQLite lacks are provided here: `sumIf`, `countIf` and `quantileWeighted` as SQLite aggregates,
 * `NOW()` as a function (Unix seconds, like the stored timestamps), `INTERVAL 'n' DAY|HOUR|MINUTE`
 * rewritten to seconds, and `FORMAT JSON` answered in Analytics Engine's JSON shape.
 */
import { DatabaseSync } from "node:sqlite";

const BLOBS = 20;
const DOUBLES = 20;
const SECONDS: Record<string, number> = { SECOND: 1, MINUTE: 60, HOUR: 3600, DAY: 86_400 };

type Point = { indexes?: unknown[]; blobs?: unknown[]; doubles?: unknown[] };

export function createAnalyticsEngine() {
  const db = new DatabaseSync(":memory:");
  db.function("NOW", () => Date.now() / 1000);
  db.aggregate("sumIf", {
    start: 0,
    step: (total: number, value: unknown, condition: unknown) => (condition ? total + Number(value) : total),
  });
  db.aggregate("countIf", {
    start: 0,
    step: (total: number, condition: unknown) => (condition ? total + 1 : total),
  });
  // ClickHouse's quantileExactWeighted: the smallest value whose cumulative weight reaches the level.
  db.aggregate("quantileWeighted", {
    start: () => JSON.stringify([]),
    step: (state: string, level: unknown, value: unknown, weight: unknown) =>
      JSON.stringify([...(JSON.parse(state) as number[][]), [Number(level), Number(value), Number(weight)]]),
    result: (state: string) => {
      const rows = (JSON.parse(state) as number[][]).filter(([, , weight]) => (weight ?? 0) > 0);
      if (rows.length === 0) return null;
      rows.sort((a, b) => (a[1] ?? 0) - (b[1] ?? 0));
      const level = rows[0]?.[0] ?? 0.5;
      const total = rows.reduce((sum, [, , weight]) => sum + (weight ?? 0), 0);
      let seen = 0;
      for (const [, value, weight] of rows) {
        seen += weight ?? 0;
        if (seen >= level * total) return value ?? null;
      }
      return rows.at(-1)?.[1] ?? null;
    },
  });

  const tables = new Set<string>();
  const ensure = (dataset: string) => {
    if (!/^[a-z0-9_]+$/.test(dataset)) throw new Error(`Not a dataset name: ${dataset}`);
    if (tables.has(dataset)) return;
    const columns = [
      "timestamp REAL NOT NULL",
      "_sample_interval INTEGER NOT NULL DEFAULT 1",
      "index1 TEXT",
      ...Array.from({ length: BLOBS }, (_, i) => `blob${i + 1} TEXT`),
      ...Array.from({ length: DOUBLES }, (_, i) => `double${i + 1} REAL`),
    ];
    db.exec(`CREATE TABLE IF NOT EXISTS ${dataset} (${columns.join(", ")})`);
    tables.add(dataset);
  };

  return {
    write(dataset: string, point: Point) {
      ensure(dataset);
      const blobs = Array.from({ length: BLOBS }, (_, i) => (point.blobs?.[i] == null ? null : String(point.blobs[i])));
      const doubles = Array.from({ length: DOUBLES }, (_, i) => Number(point.doubles?.[i] ?? 0));
      const names = [
        "timestamp",
        "index1",
        ...blobs.map((_, i) => `blob${i + 1}`),
        ...doubles.map((_, i) => `double${i + 1}`),
      ];
      db.prepare(`INSERT INTO ${dataset} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`).run(
        Date.now() / 1000,
        point.indexes?.[0] == null ? null : String(point.indexes[0]),
        ...blobs,
        ...doubles,
      );
    },
    count(dataset: string): number {
      ensure(dataset);
      return Number((db.prepare(`SELECT count(*) AS n FROM ${dataset}`).get() as { n: number }).n);
    },
    clear(dataset: string) {
      ensure(dataset);
      db.exec(`DELETE FROM ${dataset}`);
    },
    /** Runs Analytics Engine SQL; answers like the SQL API's FORMAT JSON. */
    query(text: string) {
      const sql = text
        .replace(/\bFORMAT\s+JSON\s*;?\s*$/i, "")
        .replace(/INTERVAL\s+'(\d+)'\s+(SECOND|MINUTE|HOUR|DAY)S?\b/gi, (_, n: string, unit: string) =>
          String(Number(n) * (SECONDS[unit.toUpperCase()] ?? 1)),
        );
      for (const [, table] of sql.matchAll(/\bFROM\s+([a-z0-9_]+)/gi)) if (table) ensure(table);
      const statement = db.prepare(sql);
      const data = statement.all() as Record<string, unknown>[];
      const meta = statement.columns().map((column) => ({ name: column.name, type: "Float64" }));
      return { meta, data, rows: data.length };
    },
  };
}
