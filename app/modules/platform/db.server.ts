import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "../../../database/schema";
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

  const wrapStatement = (statement: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        if (prop === "bind") {
          return (...args: unknown[]) => wrapStatement(target.bind(...args));
        }
        if (typeof prop === "string" && EXECUTORS.has(prop)) {
          return async (...args: unknown[]) => {
            const start = performance.now();
            try {
              return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            } finally {
              timing.recordD1(performance.now() - start);
            }
          };
        }
        return value.bind(target);
      },
    });
    originals.set(proxy, statement);
    return proxy;
  };

  return new Proxy(d1, {
    get(target, prop, receiver) {
      if (prop === "prepare") {
        return (query: string) => wrapStatement(target.prepare(query));
      }
      if (prop === "batch") {
        return async <T>(statements: D1PreparedStatement[]) => {
          const start = performance.now();
          try {
            return await target.batch<T>(statements.map((s) => originals.get(s) ?? s));
          } finally {
            timing.recordD1(performance.now() - start);
          }
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The database's own clock, in the ISO format every timestamp column holds (as the schema's defaults). */
export const sqlNow = sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/**
 * SQLite's own lower() of a value (ASCII letters only, unlike JavaScript's toLowerCase): emails are
 * stored and compared this way, so every query that writes or finds one uses it.
 */
export const sqlLower = (value: string) => sql<string>`lower(${value})`;
