/**
 * The Worker's cron schedules (wrangler.jsonc `triggers.crons`, the same in every environment) and
 * their heartbeats: each run records when it started and finished and whether it worked, so the
 * System page can show them and an alert can say when one has stopped (decision 020).
 */
import { desc, sql } from "drizzle-orm";
import { cronRuns } from "../../../database/schema";
import { sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

export const CRON = {
  every5Minutes: "*/5 * * * *",
  hourly: "23 * * * *",
  nightlyBackup: "17 3 * * *",
  weeklyBackupCheck: "41 4 * * 1",
} as const;

/** What each schedule does, in words, and how often it runs (minutes). */
export const CRON_JOBS: Record<string, { label: string; everyMinutes: number }> = {
  [CRON.every5Minutes]: {
    label: "Expired reservations, stuck emails, catalogue version, alerts",
    everyMinutes: 5,
  },
  [CRON.hourly]: { label: "Unused uploads cleanup", everyMinutes: 60 },
  [CRON.nightlyBackup]: { label: "Nightly backup", everyMinutes: 24 * 60 },
  [CRON.weeklyBackupCheck]: { label: "Weekly backup check", everyMinutes: 7 * 24 * 60 },
};

/** A job is late once it has not succeeded for twice its interval and ten minutes more. */
export const lateAfterMinutes = (everyMinutes: number) => everyMinutes * 2 + 10;

type CronContext = Pick<RequestContext, "db">;

/** Runs `work` for a schedule, recording its start and how it ended; rethrows a failure. */
export async function withHeartbeat<T>(ctx: CronContext, cron: string, work: () => Promise<T>): Promise<T> {
  const startedAt = new Date().toISOString();
  await ctx.db
    .insert(cronRuns)
    .values({ cron, startedAt, runs: 1 })
    .onConflictDoUpdate({
      target: cronRuns.cron,
      set: { startedAt, finishedAt: null, ok: null, error: null, runs: sql`${cronRuns.runs} + 1` },
    });
  try {
    const result = await work();
    await ctx.db
      .update(cronRuns)
      .set({ finishedAt: sqlNow, ok: true, error: null, lastOkAt: sqlNow })
      .where(sql`${cronRuns.cron} = ${cron} AND ${cronRuns.startedAt} = ${startedAt}`);
    return result;
  } catch (error) {
    await ctx.db
      .update(cronRuns)
      .set({ finishedAt: sqlNow, ok: false, error: String(error).slice(0, 500) })
      .where(sql`${cronRuns.cron} = ${cron} AND ${cronRuns.startedAt} = ${startedAt}`);
    throw error;
  }
}

export function listCronRuns(ctx: CronContext) {
  return ctx.db.select().from(cronRuns).orderBy(desc(cronRuns.startedAt));
}
