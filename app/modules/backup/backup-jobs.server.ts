/**
 * The nightly backup and the weekly drill as the Worker runs them: the bookkeeping in D1
 * (backup_runs, backup_checks) around the format's own code, and the retention rule.
 * docs/decisions/020-backups-restore-alerts.md says why each limit is what it is.
 */
import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import { backupChecks, backupRuns } from "../../../database/schema";
import { bare, insertWhere, returnedRows } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { writeBackup } from "./export.ts";
import { BACKUP_ROOT, BackupProblem, backupFolder, isOldSqlBackup, MANIFEST_FILE, r2Reader } from "./format.ts";
import { countRows } from "./restore.ts";
import { tablesToBackUp } from "./tables.ts";
import { verifyBackup } from "./verify.ts";

type JobContext = Pick<RequestContext, "db" | "bindings">;

/** Daily backups kept: a month back, and D1 Time Travel covers the same 30 days minute by minute. */
export const BACKUPS_KEPT = 30;
/** A run still "running" after this died part-way (a cron invocation has at most 15 minutes). */
const RUN_LEASE_MINUTES = 30;
/** A folder with no manifest this old is a run that never finished: its chunks are removed. */
const UNFINISHED_KEPT_HOURS = 24;
/**
 * Tables rows are never deleted from: a live count below the backup's means rows were lost,
 * which is what the drill is for. (Other tables shrink on purpose: baskets, holds, tokens.)
 */
export const APPEND_ONLY_TABLES = [
  "orders",
  "order_items",
  "order_events",
  "refunds",
  "stripe_events",
  "audit_log",
  "vat_documents",
];

const minutesBefore = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

export type BackupOutcome =
  | { outcome: "done"; key: string; rows: number; bytes: number; chunks: number; durationMs: number; removed: number }
  | { outcome: "skipped"; reason: string };

/**
 * Backs D1 up into a new R2 folder. Safe to run twice at once or after a crash: the run claims
 * its row only while no other run holds one, and a run that died is marked failed by the next.
 */
export async function runBackup(ctx: JobContext, now = new Date()): Promise<BackupOutcome> {
  const key = backupFolder(now);
  const [, claim] = await ctx.db.batch([
    ctx.db
      .update(backupRuns)
      .set({ status: "failed", finishedAt: now.toISOString(), error: "The run stopped part-way and never finished." })
      .where(and(eq(backupRuns.status, "running"), lt(backupRuns.startedAt, minutesBefore(now, RUN_LEASE_MINUTES)))),
    insertWhere(
      ctx.db,
      backupRuns,
      { key, status: "running", startedAt: now.toISOString() },
      {
        where: sql`NOT EXISTS (SELECT 1 FROM ${backupRuns} WHERE ${backupRuns.status} = 'running')`,
        onConflict: sql`DO NOTHING`,
        returning: sql`${bare(backupRuns.key)}`,
      },
    ),
  ]);
  if (returnedRows(claim).length === 0) return { outcome: "skipped", reason: "another backup is running" };

  try {
    const manifest = await writeBackup(ctx.bindings.DB, ctx.bindings.MEDIA, key, now);
    await ctx.db
      .update(backupRuns)
      .set({
        status: "complete",
        finishedAt: manifest.finishedAt,
        rows: manifest.totals.rows,
        bytes: manifest.totals.bytes,
        chunks: manifest.totals.chunks,
      })
      .where(and(eq(backupRuns.key, key), eq(backupRuns.status, "running")));
    const removed = await pruneBackups(ctx.bindings.MEDIA, { keep: BACKUPS_KEPT, now });
    return { outcome: "done", key, ...manifest.totals, durationMs: manifest.durationMs, removed };
  } catch (error) {
    await ctx.db
      .update(backupRuns)
      .set({ status: "failed", finishedAt: new Date().toISOString(), error: String(error).slice(0, 500) })
      .where(and(eq(backupRuns.key, key), eq(backupRuns.status, "running")));
    throw error;
  }
}

/** Backups in R2, newest first: folders (this format) and single .sql files (the one before). */
async function listBackups(bucket: R2Bucket): Promise<{ key: string; complete: boolean; at: string }[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: BACKUP_ROOT, delimiter: "/", cursor });
    keys.push(...page.delimitedPrefixes, ...page.objects.map((o) => o.key).filter(isOldSqlBackup));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  keys.sort().reverse();
  const backups = [];
  for (const key of keys) {
    const complete = isOldSqlBackup(key) || (await bucket.head(`${key}${MANIFEST_FILE}`)) !== null;
    backups.push({ key, complete, at: key.slice(BACKUP_ROOT.length).replace(/(\.sql|\/)$/, "") });
  }
  return backups;
}

/** The newest backup whose manifest was written, if any. */
export async function newestBackup(bucket: R2Bucket): Promise<string | null> {
  return (await listBackups(bucket)).find((b) => b.complete && !isOldSqlBackup(b.key))?.key ?? null;
}

async function deleteFolder(bucket: R2Bucket, folder: string) {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: folder, cursor });
    if (page.objects.length) await bucket.delete(page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}

/** Keeps the newest `keep` complete backups; removes older ones and unfinished folders over a day old. */
export async function pruneBackups(bucket: R2Bucket, { keep, now }: { keep: number; now: Date }): Promise<number> {
  const stamp = backupFolder(new Date(now.getTime() - UNFINISHED_KEPT_HOURS * 3600_000)).slice(BACKUP_ROOT.length, -1);
  let kept = 0;
  let removed = 0;
  for (const backup of await listBackups(bucket)) {
    if (backup.complete && kept < keep) {
      kept += 1;
      continue;
    }
    if (!backup.complete && backup.at > stamp) continue; // perhaps still being written
    if (isOldSqlBackup(backup.key)) await bucket.delete(backup.key);
    else await deleteFolder(bucket, backup.key);
    removed += 1;
  }
  return removed;
}

export type TableCount = { name: string; backup: number; live: number | null };
export type BackupCheck = { backupKey: string; ok: boolean; problem: string | null; tables: TableCount[] };

/**
 * The drill: verifies the newest backup's manifest and every chunk, then compares it with the
 * live database (every live table must be in it; append-only tables must not have fewer rows
 * live than in it), and records the result.
 */
export async function checkNewestBackup(ctx: JobContext): Promise<BackupCheck> {
  const check = await examineNewestBackup(ctx);
  await ctx.db.insert(backupChecks).values({
    backupKey: check.backupKey,
    ok: check.ok,
    problem: check.problem,
    tables: JSON.stringify(check.tables),
  });
  return check;
}

async function examineNewestBackup(ctx: JobContext): Promise<BackupCheck> {
  const backupKey = await newestBackup(ctx.bindings.MEDIA);
  if (!backupKey) return { backupKey: "(none)", ok: false, problem: "There is no complete backup in R2.", tables: [] };
  let manifest: Awaited<ReturnType<typeof verifyBackup>>;
  try {
    manifest = await verifyBackup(r2Reader(ctx.bindings.MEDIA), backupKey);
  } catch (error) {
    if (!(error instanceof BackupProblem)) throw error;
    return { backupKey, ok: false, problem: error.message, tables: [] };
  }
  const liveTables = (await tablesToBackUp(ctx.bindings.DB)).map((t) => t.name);
  const counts = await countRows(
    ctx.bindings.DB,
    manifest.tables.map((t) => t.name).filter((name) => liveTables.includes(name)),
  );
  const tables = manifest.tables.map((t) => ({
    name: t.name,
    backup: t.rows,
    live: counts.get(t.name) ?? null,
  }));
  const missing = liveTables.find((name) => !manifest.tables.some((t) => t.name === name));
  const lost = tables.find((t) => APPEND_ONLY_TABLES.includes(t.name) && t.live !== null && t.live < t.backup);
  const problem = missing
    ? `The live table ${missing} is not in the backup.`
    : lost
      ? `${lost.name} has ${lost.live} rows live but ${lost.backup} in the backup: rows have been lost since.`
      : null;
  return { backupKey, ok: problem === null, problem, tables };
}

/** What the System page shows: the last runs and checks, newest first. */
export async function backupStatus(ctx: Pick<RequestContext, "db">) {
  const [runs, complete, checks] = await ctx.db.batch([
    ctx.db.select().from(backupRuns).orderBy(desc(backupRuns.startedAt)).limit(10),
    ctx.db
      .select()
      .from(backupRuns)
      .where(eq(backupRuns.status, "complete"))
      .orderBy(desc(backupRuns.startedAt))
      .limit(1),
    ctx.db.select().from(backupChecks).orderBy(desc(backupChecks.checkedAt), desc(backupChecks.id)).limit(5),
  ]);
  return {
    runs,
    lastComplete: complete[0] ?? null,
    checks: checks.map((c) => ({ ...c, tables: JSON.parse(c.tables) as TableCount[] })),
  };
}

/**
 * Whether the newest backup was checked in the last few minutes: the System page's button checks
 * a backup again only after that long (a new backup can be checked at once).
 */
export async function newestCheckedRecently(ctx: JobContext, minutes: number): Promise<boolean> {
  const newest = await newestBackup(ctx.bindings.MEDIA);
  if (!newest) return false;
  const [recent] = await ctx.db
    .select({ id: backupChecks.id })
    .from(backupChecks)
    .where(
      and(
        eq(backupChecks.backupKey, newest),
        gt(backupChecks.checkedAt, sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`-${minutes} minutes`})`),
      ),
    )
    .limit(1);
  return Boolean(recent);
}
