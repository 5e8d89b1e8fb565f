import { Column, getTableColumns, getTableName, is, SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
// With its extension: the seed script (plain Node) imports this module too.
import * as schema from "../../../database/schema.ts";
import type { RequestTiming } from "../observability/timing.server";

export type Database = ReturnType<typeof createDatabase>;

export function createDatabase(d1: D1Database, timing?: RequestTiming) {
  return drizzle(timing ? instrumentD1(d1, timing) : d1, { schema });
}

const EXECUTORS = new Set(["all", "first", "raw", "run"]);

/**
 * Wraps a D1 binding so every round trip to the database (a statement or a batch) is timed and
 * counted. Statements are proxied; `batch` unwraps them because workerd only accepts its own.
 */
export function instrumentD1(d1: D1Database, timing: RequestTiming): D1Database {
  const originals = new WeakMap<object, D1PreparedStatement>();
  /** Whether each wrapped statement writes: read and write times are measured apart (metrics). */
  const writes = new WeakMap<object, boolean>();

  const wrapStatement = (statement: D1PreparedStatement, wrote: boolean): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        if (prop === "bind") {
          return (...args: unknown[]) => wrapStatement(target.bind(...args), wrote);
        }
        if (typeof prop === "string" && EXECUTORS.has(prop)) {
          return async (...args: unknown[]) => {
            const start = performance.now();
            try {
              return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            } finally {
              timing.recordD1(performance.now() - start, wrote);
            }
          };
        }
        return value.bind(target);
      },
    });
    originals.set(proxy, statement);
    writes.set(proxy, wrote);
    return proxy;
  };

  return new Proxy(d1, {
    get(target, prop, receiver) {
      if (prop === "prepare") {
        return (query: string) => wrapStatement(target.prepare(query), isWrite(query));
      }
      if (prop === "batch") {
        return async <T>(statements: D1PreparedStatement[]) => {
          const start = performance.now();
          try {
            return await target.batch<T>(statements.map((s) => originals.get(s) ?? s));
          } finally {
            timing.recordD1(
              performance.now() - start,
              statements.some((s) => writes.get(s)),
            );
          }
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A statement that changes rows: INSERT, UPDATE, DELETE or REPLACE, also after a WITH clause. */
export function isWrite(query: string): boolean {
  return (
    /^\s*(?:insert|update|delete|replace)\b/i.test(query) ||
    (/^\s*with\b/i.test(query) && /\)\s*(?:insert|update|delete|replace)\b/i.test(query))
  );
}

/** The database's own clock, in the ISO format every timestamp column holds (as the schema's defaults). */
export const sqlNow = sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/**
 * SQLite's own lower() of a value (ASCII letters only, unlike JavaScript's toLowerCase): emails are
 * stored and compared this way, so every query that writes or finds one uses it.
 */
export const sqlLower = (value: string) => sql<string>`lower(${value})`;

/**
 * In a batch, true when the statement just before changed exactly one row (SQLite's `changes()`
 * counts the last statement's own rows, not its triggers'): how an effect is made conditional on
 * a guarded UPDATE before it (decision 010).
 */
export const previousChangedOneRow = sql`changes() = 1`;

/**
 * `INSERT INTO table (…) SELECT <values> [FROM …] WHERE <condition> [ORDER BY …]`: rows written
 * only where `where` holds when the statement runs, e.g. an audit entry after a guarded UPDATE
 * (`previousChangedOneRow`), an order only while its client holds fewer unpaid ones, or one row per
 * basket line (`from`). Drizzle's insert has no WHERE, and its insert-select must name every
 * column; here the columns are named and plain values mapped from the schema as its insert does, so
 * a renamed column is still a compile error. Values may be `sql` fragments or columns of `from`.
 */
export function insertWhere<Table extends SQLiteTable>(
  db: Database,
  table: Table,
  values: { [Key in keyof Table["$inferInsert"]]?: Table["$inferInsert"][Key] | SQL | Column },
  clauses: { where: SQL; from?: SQL; orderBy?: SQL; onConflict?: SQL; returning?: SQL },
) {
  const columns = getTableColumns(table);
  const entries = Object.entries(values).filter(([, value]) => value !== undefined);
  const names = sql.join(
    entries.map(([key]) => sql.identifier((columns[key] as Column).name)),
    sql`, `,
  );
  const selected = sql.join(
    entries.map(([key, value]) =>
      is(value, SQL) || is(value, Column) ? sql`${value}` : sql.param(value, columns[key] as Column),
    ),
    sql`, `,
  );
  const from = clauses.from ? sql` FROM ${clauses.from}` : sql``;
  const orderBy = clauses.orderBy ? sql` ORDER BY ${clauses.orderBy}` : sql``;
  const onConflict = clauses.onConflict ? sql` ON CONFLICT ${clauses.onConflict}` : sql``;
  const returning = clauses.returning ? sql` RETURNING ${clauses.returning}` : sql``;
  return batchableRun(
    db,
    sql`INSERT INTO ${table} (${names}) SELECT ${selected}${from} WHERE ${clauses.where}${orderBy}${onConflict}${returning}`,
  );
}

type DrizzleInternals = {
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  session: {
    prepareQuery(
      query: { sql: string; params: unknown[] },
      fields: undefined,
      method: "run",
      arrayMode: false,
    ): unknown;
  };
};

/**
 * `db.run(query)` that also works inside `db.batch`. drizzle-orm 0.45's D1 batch binds each item's
 * prepared statement, which a raw `db.run(sql)` with parameters does not have, so it throws
 * "Cannot read properties of undefined (reading 'bind')" (drizzle-team/drizzle-orm#2277, open).
 * The item is given the same prepared "run" query the builders make; its result in a batch is
 * D1's own (`meta.changes`, and `results` for a RETURNING). Remove once drizzle fixes the issue.
 */
export function batchableRun(db: Database, query: SQL) {
  const internals = db as unknown as DrizzleInternals;
  return Object.assign(db.run(query), {
    _prepare: () => internals.session.prepareQuery(internals.dialect.sqlToQuery(query), undefined, "run", false),
  });
}

/** A column by its own name, unqualified: for an ON CONFLICT target or SET list inside `sql`. */
export const bare = (column: Column) => sql.identifier(column.name);

/** In an ON CONFLICT … DO UPDATE: the value the refused row would have had for this column. */
export const excluded = (column: Column) => sql`excluded.${sql.identifier(column.name)}`;

/**
 * Runs a list of queries as one batch (one D1 transaction). For transitions assembled from parts
 * (decision 010), whose lists drizzle's tuple type cannot see are non-empty.
 */
export function runBatch(db: Database, queries: BatchItem<"sqlite">[]) {
  const [first, ...rest] = queries;
  if (!first) throw new Error("an empty batch");
  return db.batch([first, ...rest]) as Promise<unknown[]>;
}

/** Rows a statement in a batch returned: a builder query's mapped rows, or a `run(sql)`'s RETURNING rows. */
export function returnedRows<Row>(result: unknown): Row[] {
  if (Array.isArray(result)) return result as Row[];
  return ((result as D1Result<Row> | undefined)?.results ?? []) as Row[];
}

/** Rows a write in a batch changed: an UPDATE/DELETE/INSERT without RETURNING answers D1's result. */
export function rowsChanged(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  return (result as D1Result | undefined)?.meta?.changes ?? 0;
}

/**
 * A column as `"table"."column"`, whatever the query. Drizzle leaves columns unqualified in a
 * one-table select, so an outer column inside a correlated subquery (`${orders.id}` in
 * `SELECT … FROM refunds WHERE order_id = …`) would silently mean the inner table's own `id`.
 */
export function qualified(column: Column): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}
