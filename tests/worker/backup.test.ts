import { applyD1Migrations, createExecutionContext, env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkNewestBackup, newestBackup, pruneBackups, runBackup } from "../../app/modules/backup/backup-jobs.server";
import { exportDatabase, rowAsJson, writeBackup } from "../../app/modules/backup/export";
import {
  BACKUP_ROOT,
  BackupProblem,
  backupFolder,
  CHUNK_TARGET_BYTES,
  MANIFEST_FILE,
  PAGE_MAX_BYTES,
  parseManifest,
  r2Reader,
} from "../../app/modules/backup/format";
import {
  countRows,
  finishingStatements,
  restoreBackup,
  restoreOldSqlBackup,
  restoreStatements,
} from "../../app/modules/backup/restore";
import { tablesToBackUp } from "../../app/modules/backup/tables";
import { verifyBackup } from "../../app/modules/backup/verify";
import { createRequestContext } from "../../app/modules/platform/request-context.server";
import worker from "../../workers/app";
import { postForm, signedInAs } from "./helpers";
import { reservedOrder } from "./orders-helpers";

/** A table of every kind of SQLite value, made by a migration only this file's databases have. */
const PROBE = {
  name: "9000_backup_probe.sql",
  queries: ["CREATE TABLE backup_probe (id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, any_type)"],
};
/** A table wider than D1's 32 arguments per function, so its rows are rendered in parts. */
const WIDE = {
  name: "9000_backup_probe_wide.sql",
  queries: [
    `CREATE TABLE backup_wide (${Array.from({ length: 70 }, (_, i) => `c${i} ${i % 2 ? "TEXT" : "INTEGER"}`).join(", ")})`,
  ],
};
/** A migration written after the backup was made: the restore applies it after the rows. */
const LATER = {
  name: "9001_later.sql",
  queries: ["ALTER TABLE backup_probe ADD COLUMN note TEXT NOT NULL DEFAULT 'added later'"],
};

const contextFor = (db: D1Database) =>
  createRequestContext(new Request("https://cron.internal/"), { ...env, DB: db }, createExecutionContext());

/** Every row of every backed-up table, each value as its type, its bytes and its literal. */
async function contents(db: D1Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await tablesToBackUp(db)) {
    const rows: string[] = [];
    // A result may have 100 columns at most: 30 table columns (90 result columns) at a time.
    for (let i = 0; i < table.columns.length; i += 30) {
      const values = table.columns
        .slice(i, i + 30)
        .map((c, j) => `typeof("${c}") AS t${j}, hex("${c}") AS h${j}, quote("${c}") AS q${j}`);
      const { results } = await db.prepare(`SELECT ${values.join(", ")} FROM "${table.name}" ORDER BY rowid`).all();
      results.forEach((row, r) => {
        rows[r] = `${rows[r] ?? ""}${JSON.stringify(row)}`;
      });
    }
    out[table.name] = rows;
  }
  return out;
}

/** Back to a database with no tables at all: what a restore goes into. */
async function emptied(db: D1Database): Promise<D1Database> {
  const { results } = await db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
    .all<{ name: string }>();
  for (const { name } of results) await db.prepare(`DROP TABLE "${name}"`).run();
  for (const table of (await tablesToBackUp(db)).reverse()) await db.prepare(`DROP TABLE "${table.name}"`).run();
  await db.prepare("DROP TABLE IF EXISTS d1_migrations").run();
  return db;
}

const tableNames = async (db: D1Database) =>
  (
    await db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
      )
      .all<{ name: string }>()
  ).results.map((r) => r.name);

const migrations = [...env.TEST_MIGRATIONS, PROBE, WIDE];
let folderNumber = 0;
/** A folder no other test writes: each backup here gets its own. */
// (Outside BACKUP_ROOT, so the nightly job's listing and pruning never see them.)
const freshFolder = () => `backups/test/${Date.now()}-${++folderNumber}/`;

describe("D1 backups: streamed, checked, restored into an empty database (issue 15)", () => {
  beforeAll(async () => {
    await applyD1Migrations(env.BACKUP_SOURCE_DB, migrations);
  });
  beforeEach(async () => {
    await emptied(env.RESTORE_DB);
  });

  it("every value round-trips exactly: NULL vs empty, 64-bit integers, reals, blobs, control characters, emoji", async () => {
    const awkward = "Nul\u0000byte\ttab\r\nline\u2028sep\u2029para \u001b esc 'single' \"double\" ;-- 🍞🥐 \\ end";
    const rows: unknown[][] = [
      [1, 9223372036854775807n, 0.1, awkward, new Uint8Array([0, 255, 10, 13, 39]), null],
      [2, -9007199254740993n, 1.0000000000000002, "", new Uint8Array([]), ""],
      [3, null, -0.5, null, null, 42],
      [4, 0, 1e300, '{"b":"00"}', new Uint8Array([123]), 3.25],
    ];
    const source = env.BACKUP_SOURCE_DB;
    await source.prepare("DELETE FROM backup_probe").run();
    await source.prepare("DELETE FROM backup_wide").run();
    const wideValues = Array.from({ length: 70 }, (_, i) => (i % 2 ? `[${i}] "x"` : i));
    await source
      .prepare(`INSERT INTO backup_wide VALUES (${wideValues.map(() => "?").join(", ")})`)
      .bind(...wideValues)
      .run();
    for (const [id, big, real, text, blob, any] of rows) {
      // Beyond 2^53 a JavaScript number cannot hold the value, so it goes in as SQL text.
      await source
        .prepare(
          `INSERT INTO backup_probe VALUES (?, ${typeof big === "bigint" ? `CAST('${big}' AS INTEGER)` : "?"}, ?, ?, ?, ?)`,
        )
        .bind(...[id, ...(typeof big === "bigint" ? [] : [big]), real, text, blob, any])
        .run();
    }
    const folder = freshFolder();
    const manifest = await writeBackup(source, env.MEDIA, folder, new Date());
    expect(manifest.migrations).toEqual(migrations.map((m) => m.name));
    expect(manifest.tables.find((t) => t.name === "backup_wide")?.columns).toHaveLength(70);
    expect(manifest.fullText).toEqual(["products_fts"]);

    const report = await restoreBackup(env.RESTORE_DB, r2Reader(env.MEDIA), folder, migrations);
    expect(report.checksumsMatch).toBe(true);
    expect(await contents(env.RESTORE_DB)).toEqual(await contents(source));
    // No SQL function call has more arguments than D1 allows (32; local SQLite allows more).
    const wide = (await tablesToBackUp(source)).find((t) => t.name === "backup_wide");
    const calls = [...rowAsJson(wide ?? { name: "", columns: [] }).matchAll(/json_array\((.*?)\)(?:, '\[')/g)];
    expect(calls.length).toBe(3);
    for (const call of calls) expect((call[1] ?? "").split(" END").length - 1).toBeLessThanOrEqual(32);
    const big = await env.RESTORE_DB.prepare(
      "SELECT i = 9223372036854775807 AS exact, typeof(b) AS blob, length(b) AS size FROM backup_probe WHERE id = 1",
    ).first();
    expect(big).toEqual({ exact: 1, blob: "blob", size: 5 });
    const empty = await env.RESTORE_DB.prepare(
      "SELECT t = '' AS emptyText, typeof(b) AS emptyBlob, any_type AS anything FROM backup_probe WHERE id = 2",
    ).first();
    expect(empty).toEqual({ emptyText: 1, emptyBlob: "blob", anything: "" });
  });

  it("a migration written after the backup is applied after its rows, and recorded as applied", async () => {
    const folder = freshFolder();
    await writeBackup(env.BACKUP_SOURCE_DB, env.MEDIA, folder, new Date());
    const report = await restoreBackup(env.RESTORE_DB, r2Reader(env.MEDIA), folder, [...migrations, LATER]);
    expect(report.migrationsApplied).toEqual([LATER.name]);
    expect(report.tables.every((t) => t.restored === t.expected)).toBe(true);
    const notes = await env.RESTORE_DB.prepare("SELECT DISTINCT note FROM backup_probe").all();
    expect(notes.results).toEqual([{ note: "added later" }]);
    const applied = await env.RESTORE_DB.prepare("SELECT name FROM d1_migrations ORDER BY id").all<{ name: string }>();
    expect(applied.results.map((r) => r.name)).toEqual([...migrations, LATER].map((m) => m.name));
  });

  it("the shop's own data: backup → restore gives identical rows and the search index rebuilt", async () => {
    await signedInAs("admin", "O'Brien Admin");
    await reservedOrder("country-sourdough", 2);
    await env.DB.prepare("UPDATE products SET description = ? WHERE slug = 'country-sourdough'")
      .bind("Line one.\nLine two, with 'quotes' and a ; semicolon.")
      .run();
    await postForm("/signup", {
      name: "Émile Zola",
      email: `emile${Date.now()}@example.com`,
      password: "a good long password",
    });

    const outcome = await runBackup(contextFor(env.DB), new Date());
    expect(outcome.outcome).toBe("done");
    if (outcome.outcome !== "done") return;
    const before = await contents(env.DB);
    const report = await restoreBackup(env.RESTORE_DB, r2Reader(env.MEDIA), outcome.key, env.TEST_MIGRATIONS);
    expect(report.checksumsMatch).toBe(true);
    expect(report.tables.length).toBeGreaterThan(20);
    // Every table of the live database is in it, including ones later issues added.
    expect(report.tables.map((t) => t.name).sort()).toEqual(Object.keys(before).sort());
    for (const table of report.tables) expect(table.restored, table.name).toBe(table.expected);
    const restored = await contents(env.RESTORE_DB);
    // The backup's own run row says "running" inside it; everything else is as it was.
    for (const table of Object.keys(before).filter((t) => t !== "backup_runs")) {
      expect(restored[table], table).toEqual(before[table]);
    }
    const found = await env.RESTORE_DB.prepare(
      "SELECT rowid FROM products_fts WHERE products_fts MATCH 'semicolon'",
    ).all();
    expect(found.results).toHaveLength(1);
  });

  it("pages and chunks stay bounded: a table bigger than a chunk is read in pages and split", async () => {
    const source = env.BACKUP_SOURCE_DB;
    await source.prepare("DELETE FROM backup_probe").run();
    // 40 rows of 600 kB: 24 MB, about three chunks, each page cut short by its byte limit.
    const wide = "x".repeat(600_000);
    for (let id = 1; id <= 40; id += 1) {
      await source.prepare("INSERT INTO backup_probe (id, t) VALUES (?, ?)").bind(id, `${id}${wide}`).run();
    }
    const folder = freshFolder();
    const manifest = await writeBackup(source, env.MEDIA, folder, new Date());
    const probe = manifest.tables.find((t) => t.name === "backup_probe");
    expect(probe?.rows).toBe(40);
    expect(probe?.chunks.length).toBeGreaterThanOrEqual(3);
    for (const chunk of probe?.chunks ?? [])
      expect(chunk.bytes).toBeLessThan(CHUNK_TARGET_BYTES + PAGE_MAX_BYTES + 700_000);

    const report = await restoreBackup(env.RESTORE_DB, r2Reader(env.MEDIA), folder, migrations);
    expect(report.checksumsMatch).toBe(true);
    expect(report.tables.find((t) => t.name === "backup_probe")).toEqual({
      name: "backup_probe",
      expected: 40,
      restored: 40,
    });
    await source.prepare("DELETE FROM backup_probe").run();
  });

  it("the statements for a remote restore (a file for wrangler d1 execute) restore the same rows", async () => {
    await env.BACKUP_SOURCE_DB.prepare(
      "INSERT OR REPLACE INTO backup_probe (id, t, b) VALUES (7, 'it''s 🍞', X'00')",
    ).run();
    const folder = freshFolder();
    const manifest = await writeBackup(env.BACKUP_SOURCE_DB, env.MEDIA, folder, new Date());
    const statements: string[] = [];
    for await (const statement of restoreStatements(r2Reader(env.MEDIA), folder, manifest, { before: migrations })) {
      statements.push(statement);
    }
    statements.push(...finishingStatements(manifest, []));
    // No statement is longer than D1 allows (100 000 bytes), and a row too long for one is refused.
    expect(Math.max(...statements.map((s) => new TextEncoder().encode(s).byteLength))).toBeLessThan(100_000);
    for (const statement of statements) await env.RESTORE_DB.prepare(statement).run();
    await env.BACKUP_SOURCE_DB.prepare("INSERT INTO backup_probe (id, t) VALUES (8, ?)")
      .bind("y".repeat(120_000))
      .run();
    const tooLong = `backups/test/too-long-${Date.now()}/`;
    const withLongRow = await writeBackup(env.BACKUP_SOURCE_DB, env.MEDIA, tooLong, new Date());
    await env.BACKUP_SOURCE_DB.prepare("DELETE FROM backup_probe WHERE id = 8").run();
    const drain = async () => {
      for await (const _ of restoreStatements(r2Reader(env.MEDIA), tooLong, withLongRow, { before: migrations }));
    };
    await expect(drain()).rejects.toThrow(/A row of backup_probe is too long for a D1 statement/);
    expect(await contents(env.RESTORE_DB)).toEqual(await contents(env.BACKUP_SOURCE_DB));
    const counts = await countRows(
      env.RESTORE_DB,
      manifest.tables.map((t) => t.name),
    );
    expect(manifest.tables.map((t) => counts.get(t.name))).toEqual(manifest.tables.map((t) => t.rows));
  });
});

describe("backups in the format before this one (one .sql file)", () => {
  beforeEach(async () => {
    await emptied(env.RESTORE_DB);
  });

  it("restore into an empty database at this release's schema, search index rebuilt", async () => {
    const old = [
      "PRAGMA defer_foreign_keys = on;",
      'DELETE FROM "products";',
      'DELETE FROM "categories";',
      `INSERT INTO "categories" ("id", "slug", "name", "description", "position") VALUES (77, 'old-bread', 'Old bread', CAST(X'4C696E650A74776F' AS TEXT), 1);`,
    ].join("\n");
    const statements = await restoreOldSqlBackup(env.RESTORE_DB, old, env.TEST_MIGRATIONS);
    expect(statements).toBe(3);
    const row = await env.RESTORE_DB.prepare("SELECT name, description FROM categories WHERE id = 77").first();
    expect(row).toEqual({ name: "Old bread", description: "Line\ntwo" });
    // Every migration is recorded as applied, so the next `wrangler d1 migrations apply` adds only new ones.
    const applied = await env.RESTORE_DB.prepare("SELECT count(*) AS n FROM d1_migrations").first<number>("n");
    expect(applied).toBe(env.TEST_MIGRATIONS.length);
  });

  it("refuses one whose columns this release no longer has, saying so", async () => {
    const old = `INSERT INTO "products" ("id", "stock") VALUES (1, 5);`;
    await expect(restoreOldSqlBackup(env.RESTORE_DB, old, env.TEST_MIGRATIONS)).rejects.toThrow(
      /does not fit this release's tables/,
    );
  });
});

describe("a damaged backup is refused before anything is touched", () => {
  let folder: string;
  let chunkKey: string;
  beforeAll(async () => {
    await applyD1Migrations(env.BACKUP_SOURCE_DB, migrations);
    await env.BACKUP_SOURCE_DB.prepare("DELETE FROM backup_probe").run();
    await env.BACKUP_SOURCE_DB.prepare("INSERT INTO backup_probe (id, t) VALUES (99, 'a row to damage')").run();
  });
  beforeEach(async () => {
    await emptied(env.RESTORE_DB);
    folder = freshFolder();
    const manifest = await writeBackup(env.BACKUP_SOURCE_DB, env.MEDIA, folder, new Date());
    const probe = manifest.tables.find((t) => t.name === "backup_probe");
    chunkKey = `${folder}${probe?.chunks[0]?.file}`;
  });

  async function refused(expected: RegExp, restoreWith = migrations) {
    await expect(verifyBackup(r2Reader(env.MEDIA), folder)).rejects.toThrow(BackupProblem);
    await expect(restoreBackup(env.RESTORE_DB, r2Reader(env.MEDIA), folder, restoreWith)).rejects.toThrow(expected);
    expect(await tableNames(env.RESTORE_DB)).toEqual([]);
  }

  it("a truncated chunk", async () => {
    const bytes = new Uint8Array(await ((await env.MEDIA.get(chunkKey)) as R2ObjectBody).arrayBuffer());
    await env.MEDIA.put(chunkKey, bytes.slice(0, bytes.byteLength - 5));
    await refused(/bytes, not/);
  });

  it("a chunk changed in place (same length)", async () => {
    const text = await ((await env.MEDIA.get(chunkKey)) as R2ObjectBody).text();
    await env.MEDIA.put(chunkKey, text.replace("damage", "DAMAGE"));
    await refused(/does not match its checksum/);
  });

  it("a missing chunk", async () => {
    await env.MEDIA.delete(chunkKey);
    await refused(/is missing/);
  });

  it("no manifest (a run that never finished)", async () => {
    await env.MEDIA.delete(`${folder}${MANIFEST_FILE}`);
    await refused(/has no manifest\.json/);
  });

  it("a manifest that does not add up, or is not JSON", async () => {
    const manifest = JSON.parse(await ((await env.MEDIA.get(`${folder}${MANIFEST_FILE}`)) as R2ObjectBody).text());
    manifest.tables[0].rows += 1;
    await env.MEDIA.put(`${folder}${MANIFEST_FILE}`, JSON.stringify(manifest));
    await refused(/chunks add up to/);
    await env.MEDIA.put(`${folder}${MANIFEST_FILE}`, "{ not json");
    await refused(/not valid JSON/);
  });

  it("migrations that do not make the backup's tables: refused before any row goes in", async () => {
    // Same names, other statements: what a backup meets if a migration file was edited after it was made.
    const edited = migrations.map((m) =>
      m.name === PROBE.name ? { ...m, queries: ["CREATE TABLE backup_probe (id INTEGER PRIMARY KEY)"] } : m,
    );
    await expect(restoreBackup(env.RESTORE_DB, r2Reader(env.MEDIA), folder, edited)).rejects.toThrow(
      /The backup's migrations do not make the tables it holds \(backup_probe\)/,
    );
    const rows = await countRows(env.RESTORE_DB, ["backup_probe", "categories", "products"]);
    expect([...rows.values()]).toEqual([0, 0, 0]);
  });

  it("a backup from a newer release, or a target that is not empty", async () => {
    await expect(restoreBackup(env.RESTORE_DB, r2Reader(env.MEDIA), folder, env.TEST_MIGRATIONS)).rejects.toThrow(
      /newer release \(migration 9000_backup_probe\.sql/,
    );
    expect(await tableNames(env.RESTORE_DB)).toEqual([]);
    await env.RESTORE_DB.prepare("CREATE TABLE something (id INTEGER)").run();
    await expect(restoreBackup(env.RESTORE_DB, r2Reader(env.MEDIA), folder, migrations)).rejects.toThrow(
      /target database is not empty/,
    );
    expect(await tableNames(env.RESTORE_DB)).toEqual(["something"]);
  });
});

describe("backup runs: once at a time, crash-safe, a month kept", () => {
  const source = () => contextFor(env.BACKUP_SOURCE_DB);
  beforeAll(async () => {
    await applyD1Migrations(env.BACKUP_SOURCE_DB, migrations);
  });

  it("two runs at once: one backs up, the other stands aside; a run that died is marked failed", async () => {
    const now = new Date("2031-03-01T03:17:00Z");
    const [a, b] = await Promise.all([runBackup(source(), now), runBackup(source(), new Date(now.getTime() + 1))]);
    expect([a.outcome, b.outcome].sort()).toEqual(["done", "skipped"]);

    // A run that was cut off holds "running" forever; the next run, 30 minutes on, clears it.
    const dead = backupFolder(new Date("2031-03-02T03:17:00Z"));
    await env.BACKUP_SOURCE_DB.prepare("INSERT INTO backup_runs (key, status, started_at) VALUES (?, 'running', ?)")
      .bind(dead, "2031-03-02T03:17:00.000Z")
      .run();
    expect((await runBackup(source(), new Date("2031-03-02T03:20:00Z"))).outcome).toBe("skipped");
    expect((await runBackup(source(), new Date("2031-03-02T03:50:00Z"))).outcome).toBe("done");
    const died = await env.BACKUP_SOURCE_DB.prepare("SELECT status, error FROM backup_runs WHERE key = ?")
      .bind(dead)
      .first();
    expect(died).toEqual({ status: "failed", error: "The run stopped part-way and never finished." });
  });

  it("keeps the newest 30 complete backups, old-format files counted, and removes unfinished folders after a day", async () => {
    const bucket = env.MEDIA;
    for (const object of (await bucket.list({ prefix: BACKUP_ROOT })).objects) await bucket.delete(object.key);
    const day = (n: number) => new Date(Date.UTC(2032, 0, n, 3, 17));
    // Days 1–3: the old single-file format; days 4–33: this format; day 34 unfinished (crashed),
    // day 35 unfinished and still being written.
    for (let n = 1; n <= 3; n += 1) await bucket.put(`${backupFolder(day(n)).slice(0, -1)}.sql`, "DELETE FROM x;");
    for (let n = 4; n <= 33; n += 1) {
      await bucket.put(`${backupFolder(day(n))}00001-x.jsonl`, "[1]\n");
      await bucket.put(`${backupFolder(day(n))}${MANIFEST_FILE}`, "{}");
    }
    await bucket.put(`${backupFolder(day(34))}00001-x.jsonl`, "[1]\n");
    await bucket.put(`${backupFolder(day(35))}00001-x.jsonl`, "[1]\n");

    const removed = await pruneBackups(bucket, { keep: 30, now: new Date(day(35).getTime() + 3600_000) });
    expect(removed).toBe(4);
    const left = (await bucket.list({ prefix: BACKUP_ROOT })).objects.map((o) => o.key);
    expect(left.some((k) => k.endsWith(".sql"))).toBe(false);
    expect(left.filter((k) => k.endsWith(MANIFEST_FILE))).toHaveLength(30);
    expect(left).toContain(`${backupFolder(day(35))}00001-x.jsonl`);
    expect(left).not.toContain(`${backupFolder(day(34))}00001-x.jsonl`);
    for (const key of left) await bucket.delete(key);
  });

  it("the weekly drill passes on a good backup and fails, saying why, on a damaged one or lost rows", async () => {
    const ctx = source();
    const outcome = await runBackup(ctx, new Date());
    if (outcome.outcome !== "done") throw new Error("backup skipped");
    const good = await checkNewestBackup(ctx);
    expect(good).toMatchObject({ backupKey: outcome.key, ok: true, problem: null });
    expect(good.tables.find((t) => t.name === "backup_runs")?.live).toBeGreaterThan(0);

    // A Stripe event the backup holds disappears from the live database (a table never deleted from).
    await env.BACKUP_SOURCE_DB.prepare("INSERT INTO stripe_events (id, type) VALUES ('evt_drill', 'test')").run();
    const withEvent = await runBackup(ctx, new Date(Date.now() + 60_000));
    if (withEvent.outcome !== "done") throw new Error("backup skipped");
    await env.BACKUP_SOURCE_DB.prepare("DELETE FROM stripe_events WHERE id = 'evt_drill'").run();
    const lost = await checkNewestBackup(ctx);
    expect(lost).toMatchObject({ backupKey: withEvent.key, ok: false });
    expect(lost.problem).toMatch(/^stripe_events has \d+ rows live but \d+ in the backup: rows have been lost/);

    const manifest = parseManifest(
      await ((await env.MEDIA.get(`${withEvent.key}${MANIFEST_FILE}`)) as R2ObjectBody).text(),
    );
    const chunk = manifest.tables.find((t) => t.chunks.length)?.chunks[0];
    await env.MEDIA.put(`${withEvent.key}${chunk?.file}`, "damaged\n");
    const damaged = await checkNewestBackup(ctx);
    expect(damaged.ok).toBe(false);
    expect(damaged.problem).toMatch(/bytes, not|checksum/);
    const recorded = await env.BACKUP_SOURCE_DB.prepare(
      "SELECT ok, problem FROM backup_checks ORDER BY id DESC LIMIT 1",
    ).first();
    expect(recorded).toEqual({ ok: 0, problem: damaged.problem });
  });

  it("the crons: the nightly backup and the weekly drill run through the Worker's scheduled handler", async () => {
    const ctx = createExecutionContext();
    // An hour on, so it is the newest backup in the bucket whatever the tests before it wrote.
    await worker.scheduled({ cron: "17 3 * * *", scheduledTime: Date.now() + 3600_000, noRetry() {} }, env, ctx);
    const run = await env.DB.prepare(
      "SELECT key, status, rows FROM backup_runs ORDER BY started_at DESC LIMIT 1",
    ).first<{
      key: string;
      status: string;
      rows: number;
    }>();
    expect(run?.status).toBe("complete");
    await worker.scheduled({ cron: "41 4 * * 1", scheduledTime: Date.now(), noRetry() {} }, env, ctx);
    const check = await env.DB.prepare("SELECT backup_key, ok FROM backup_checks ORDER BY id DESC LIMIT 1").first();
    expect(check).toEqual({ backup_key: await newestBackup(env.MEDIA), ok: 1 });
    expect(await exportDatabase(env.DB, async () => {})).toMatchObject({ version: 2 });
  });
});
