/**
 * Checks and restores the D1 backups the nightly cron writes to R2 (docs/operations.md).
 * A restore never writes over a database that has tables: it goes into a new, empty one.
 *
 *   npm run db:restore -- --list                         backups in local R2
 *   npm run db:restore -- --verify <key>                 check one without restoring anything
 *   npm run db:restore -- --from <key> [--into <dir>]    restore into a new local state directory
 *       (default .state/restored-<time>); look at it with BOB_STATE_DIR=<dir> npm run dev
 *   npm run db:restore -- --remote --env production --verify <key>
 *   npm run db:restore -- --remote --env production --from <key> --into <new D1 database name>
 *       downloads the backup from the environment's bucket, verifies it, writes one SQL file and
 *       runs it against the new database (wrangler d1 create it first), then compares row counts.
 *
 * <key> is a backup folder, e.g. backups/d1/2026-12-01T03-17-00-000Z/ (the System page lists
 * them). Old single-file backups (backups/d1/<time>.sql) restore locally, without checksums.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { experimental_readRawConfig } from "wrangler";
import {
  BACKUP_ROOT,
  BackupProblem,
  type BackupReader,
  isOldSqlBackup,
  r2Reader,
} from "../app/modules/backup/format.ts";
import {
  countQueries,
  finishingStatements,
  migrationsFor,
  parseCounts,
  restoreBackup,
  restoreOldSqlBackup,
  restoreStatements,
} from "../app/modules/backup/restore.ts";
import { verifyBackup } from "../app/modules/backup/verify.ts";
import { bin, DEFAULT_STATE_DIR, offlineEnv, openLocalStorage, readMigrations } from "./lib/local-state.ts";

const { values } = parseArgs({
  options: {
    list: { type: "boolean", default: false },
    verify: { type: "string" },
    from: { type: "string" },
    into: { type: "string" },
    remote: { type: "boolean", default: false },
    env: { type: "string" },
    state: { type: "string", default: process.env.BOB_STATE_DIR ?? DEFAULT_STATE_DIR },
  },
});

const asFolder = (key: string) => (isOldSqlBackup(key) || key.endsWith("/") ? key : `${key}/`);

function wrangler(args: string[], capture = false): string {
  const result = spawnSync(bin("wrangler"), args, {
    stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit",
    env: process.env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  return result.stdout ?? "";
}

function printCounts(rows: { name: string; expected: number; restored: number }[]) {
  for (const row of rows) {
    const mark = row.expected === row.restored ? "ok" : "MISMATCH";
    console.log(`  ${row.name.padEnd(28)} ${String(row.restored).padStart(9)} rows  (backup ${row.expected})  ${mark}`);
  }
  return rows.every((row) => row.expected === row.restored);
}

/** Reads a backup from the deployed bucket, one object at a time, into a temporary folder. */
function remoteReader(bucket: string): BackupReader {
  const dir = mkdtempSync(join(tmpdir(), "bob-backup-"));
  return {
    async read(key) {
      const file = join(dir, key);
      mkdirSync(dirname(file), { recursive: true });
      const result = spawnSync(
        bin("wrangler"),
        ["r2", "object", "get", `${bucket}/${key}`, "--file", file, "--remote"],
        {
          stdio: ["ignore", "ignore", "pipe"],
          env: process.env,
        },
      );
      if (result.status !== 0 || !existsSync(file)) return null;
      return new Uint8Array(readFileSync(file));
    },
  };
}

function bucketOf(environment: string): string {
  const { rawConfig } = experimental_readRawConfig({ config: join(import.meta.dirname, "../wrangler.jsonc") });
  const config = (rawConfig.env as Record<string, typeof rawConfig> | undefined)?.[environment];
  const bucket = config?.r2_buckets?.find((b: { binding: string }) => b.binding === "MEDIA")?.bucket_name;
  if (!bucket) throw new Error(`wrangler.jsonc has no environment "${environment}" with a MEDIA bucket.`);
  return bucket;
}

async function remote(environment: string) {
  const reader = remoteReader(bucketOf(environment));
  const key = values.verify ?? values.from;
  if (!key) throw new Error("--remote needs --verify <key> or --from <key> --into <database>");
  if (isOldSqlBackup(key)) {
    throw new BackupProblem(
      `${key} is a backup from before checksums (one .sql file). Restore it by hand into a new database: wrangler d1 migrations apply <new> --remote, then wrangler d1 execute <new> --remote --file <the downloaded file> (docs/operations.md).`,
    );
  }
  const folder = asFolder(key);
  const manifest = await verifyBackup(reader, folder);
  console.log(`${folder}: verified, ${manifest.totals.rows} rows in ${manifest.totals.chunks} chunks.`);
  if (values.verify) return;
  if (!values.into) throw new Error("--from needs --into <name of a new, empty D1 database>");
  const split = migrationsFor(manifest, readMigrations());
  const file = join(mkdtempSync(join(tmpdir(), "bob-restore-")), "restore.sql");
  const out = createWriteStream(file);
  for await (const statement of restoreStatements(reader, folder, manifest, split)) out.write(`${statement};\n`);
  for (const statement of finishingStatements(manifest, split.after)) out.write(`${statement};\n`);
  await new Promise((resolve) => out.end(resolve));
  wrangler(["d1", "execute", values.into, "--remote", "--env", environment, "--file", file, "--yes"]);
  const json = wrangler(
    [
      ...["d1", "execute", values.into, "--remote", "--env", environment, "--json", "--command"],
      countQueries(manifest.tables.map((t) => t.name)).join("; "),
    ],
    true,
  );
  const counted = parseCounts((JSON.parse(json) as { results: { counts: string }[] }[]).flatMap((r) => r.results));
  const ok = printCounts(
    manifest.tables.map((t) => ({
      name: t.name,
      expected: t.rows,
      restored: counted.get(t.name) ?? 0,
    })),
  );
  console.log(
    ok
      ? `Restored into ${values.into}. To switch over, point ${environment}'s DB binding at it and deploy (docs/operations.md).`
      : "Row counts differ: do not switch over. See docs/operations.md.",
  );
  if (!ok) process.exitCode = 1;
}

async function local() {
  const source = await openLocalStorage(values.state);
  try {
    const bucket = source.env.MEDIA;
    if (values.list || (!values.from && !values.verify)) {
      const listed = await bucket.list({ prefix: BACKUP_ROOT, delimiter: "/" });
      const keys = [...listed.delimitedPrefixes, ...listed.objects.map((o) => o.key)].sort().reverse();
      for (const key of keys) console.log(key);
      if (!keys.length) console.log("No backups in local R2 yet (the 17 3 * * * cron makes them).");
      return;
    }
    const key = (values.verify ?? values.from) as string;
    const into = values.into ?? join(".state", `restored-${new Date().toISOString().replace(/[:.]/g, "-")}`);
    if (values.from && existsSync(into) && readdirSync(into).length) {
      throw new BackupProblem(`${into} is not empty: a restore goes into a new state directory.`);
    }
    if (isOldSqlBackup(key)) {
      if (values.verify)
        throw new BackupProblem(`${key} is from before checksums: there is nothing to verify it against.`);
      return await restoreOldSql(bucket, key, into);
    }
    const folder = asFolder(key);
    if (values.verify) {
      const manifest = await verifyBackup(r2Reader(bucket), folder);
      console.log(
        `${folder}: verified. ${manifest.totals.rows} rows, ${manifest.totals.chunks} chunks, every checksum matches.`,
      );
      return;
    }
    const target = await openLocalStorage(into);
    try {
      const started = performance.now();
      const report = await restoreBackup(target.env.DB, r2Reader(bucket), folder, readMigrations());
      const ok = printCounts(report.tables) && report.checksumsMatch;
      console.log(
        `${ok ? "Restored" : "Restored, BUT CHECK FAILED:"} ${folder} into ${into} in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
          `checksums ${report.checksumsMatch ? "identical" : "DIFFERENT"}` +
          (report.migrationsApplied.length ? `; then applied ${report.migrationsApplied.join(", ")}` : "") +
          `.\nLook at it with: BOB_STATE_DIR=${into} npm run dev`,
      );
      if (!ok) process.exitCode = 1;
    } finally {
      await target.dispose();
    }
  } finally {
    await source.dispose();
  }
}

/** The format before checksums: one .sql file, replayed into a freshly migrated empty database. */
async function restoreOldSql(bucket: R2Bucket, key: string, into: string) {
  const object = await bucket.get(key);
  if (!object) throw new BackupProblem(`There is no ${key} in local R2.`);
  const target = await openLocalStorage(into);
  try {
    const statements = await restoreOldSqlBackup(target.env.DB, await object.text(), readMigrations());
    console.log(`Restored ${key} (old format, no checksums to check) into ${into}: ${statements} statements.`);
  } finally {
    await target.dispose();
  }
}

process.env = { ...offlineEnv, ...process.env };
try {
  if (values.remote) {
    if (!values.env) throw new Error("--remote needs --env staging|production");
    await remote(values.env);
  } else {
    await local();
  }
} catch (error) {
  if (!(error instanceof BackupProblem)) throw error;
  console.error(`Refused: ${error.message}\nNothing was restored.`);
  process.exitCode = 2;
}
