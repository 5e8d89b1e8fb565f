/**
 * Alerts (docs/decisions/020-backups-restore-alerts.md): each check says whether its condition
 * holds now; a change of state is one D1 batch that flips the alert's row by a conditional UPDATE
 * claiming a fresh transition token and, in the same batch, writes one outbox email per admin only
 * if that token is the row's. So admins hear once when an incident starts and once when it ends,
 * however often, or how concurrently, the checks run; the emails go out through the queue.
 */
import { and, count, desc, eq, sql } from "drizzle-orm";
import { backupChecks, backupRuns, cronRuns, emailOutbox, systemAlerts, users } from "../../../database/schema";
import { SHOP_NAME } from "../../lib/constants";
import { renderEmail, shopForEmails } from "../email/render-email.server";
import { AccountEmail } from "../email/templates/account-email";
import { CRON_JOBS, lateAfterMinutes } from "../jobs/cron-jobs.server";
import { formatFigure, formatThreshold, METRIC_TARGETS, type MetricKey } from "../observability/metric-targets";
import {
  bounceCounts,
  type Figure,
  MetricsOff,
  readWindowFigures,
  type WindowFigures,
} from "../observability/metrics-query.server";
import { bare, insertWhere, returnedRows, sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { ALERTS, type AlertKey } from "./alert-kinds";

type AlertContext = Pick<RequestContext, "db" | "bindings" | "env" | "logger">;

/** A backup older than this means last night's did not happen (the cron runs every 24 h). */
export const BACKUP_STALE_HOURS = 26;
/**
 * Bounces and complaints over the last 7 days, as a share of the emails Resend reported on: the
 * target is under 2 %, the alert over 5 % (providers start refusing senders around there), once
 * there are enough reports for a share to mean something.
 */
export const BOUNCE_ALERT_SHARE = 0.05;
export const BOUNCE_MIN_REPORTS = 20;

type Reading = { key: AlertKey; firing: boolean; detail: string };

/**
 * The metric alerts look at the last hour, and only once it holds enough events for a share or a
 * percentile to mean something: one failed request in a quiet hour is not an incident.
 */
export const METRIC_ALERT_MIN_SAMPLES: Record<Exclude<MetricKey, "email-bounce">, number> = {
  "error-rate": 100,
  "kv-hit-rate": 50,
  "d1-read-p95": 50,
  "d1-write-p95": 20,
  "stripe-success": 10,
};

/** What a metric alert says: the figure, over how many, against its target and threshold. */
function metricDetail(key: Exclude<MetricKey, "email-bounce">, figure: Figure, noun: string): string {
  const limits = `target ${formatThreshold(key, "target")}, alert ${formatThreshold(key, "alert")}`;
  if (figure.value === null) return `No ${noun} in the last hour (${limits}).`;
  const enough = figure.samples >= METRIC_ALERT_MIN_SAMPLES[key];
  return `${METRIC_TARGETS[key].label}: ${formatFigure(key, figure.value)} over ${figure.samples} ${noun} in the last hour (${limits}${enough ? "" : `; alerts once there are ${METRIC_ALERT_MIN_SAMPLES[key]}`}).`;
}

function breached(key: Exclude<MetricKey, "email-bounce">, figure: Figure): boolean {
  if (figure.value === null || figure.samples < METRIC_ALERT_MIN_SAMPLES[key]) return false;
  const { better, alert } = METRIC_TARGETS[key];
  return better === "higher" ? figure.value < alert : figure.value > alert;
}

/** The metric alerts' readings from the last hour's figures. */
export function metricReadings(figures: WindowFigures): Reading[] {
  const read = figures["d1-read-p95"];
  const write = figures["d1-write-p95"];
  return [
    {
      key: "error-rate",
      firing: breached("error-rate", figures["error-rate"]),
      detail: metricDetail("error-rate", figures["error-rate"], "requests"),
    },
    {
      key: "kv-hit-rate",
      firing: breached("kv-hit-rate", figures["kv-hit-rate"]),
      detail: metricDetail("kv-hit-rate", figures["kv-hit-rate"], "catalogue reads"),
    },
    {
      key: "d1-slow",
      firing: breached("d1-read-p95", read) || breached("d1-write-p95", write),
      detail: `${metricDetail("d1-read-p95", read, "requests that read")} ${metricDetail("d1-write-p95", write, "requests that wrote")}`,
    },
    {
      key: "stripe-failing",
      firing: breached("stripe-success", figures["stripe-success"]),
      detail: metricDetail("stripe-success", figures["stripe-success"], "calls to Stripe"),
    },
  ];
}

/**
 * The last hour's metrics as alert readings; none when metrics cannot be read (not configured,
 * or the SQL API failed), so those alerts keep their state rather than flap.
 */
async function readMetricConditions(ctx: AlertContext, now: Date): Promise<Reading[]> {
  try {
    return metricReadings(await readWindowFigures(ctx, "1h", now));
  } catch (error) {
    if (!(error instanceof MetricsOff)) ctx.logger.warn("metrics not read for the alerts", { error: String(error) });
    return [];
  }
}

const hoursAgo = (iso: string, now: Date) => (now.getTime() - new Date(iso).getTime()) / 3600_000;

/** What each check sees now. Three small reads, one round trip. */
export async function readConditions(ctx: AlertContext, now: Date): Promise<Reading[]> {
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3600_000);
  const [[newest], [latestCheck], [failed], [firstMigration], [deliveries], heartbeats] = await ctx.db.batch([
    ctx.db
      .select({ finishedAt: backupRuns.finishedAt })
      .from(backupRuns)
      .where(eq(backupRuns.status, "complete"))
      .orderBy(desc(backupRuns.startedAt))
      .limit(1),
    ctx.db
      .select({ ok: backupChecks.ok, problem: backupChecks.problem, backupKey: backupChecks.backupKey })
      .from(backupChecks)
      .orderBy(desc(backupChecks.checkedAt), desc(backupChecks.id))
      .limit(1),
    ctx.db.select({ n: count() }).from(emailOutbox).where(eq(emailOutbox.status, "failed")),
    // When this database was created: a new shop has had no night to back up yet.
    ctx.db.all<{ at: string | null }>(sql`SELECT min(applied_at) AS at FROM d1_migrations`),
    bounceCounts(ctx, weekAgo),
    ctx.db.select({ cron: cronRuns.cron, lastOkAt: cronRuns.lastOkAt }).from(cronRuns),
  ]);
  const createdAt = firstMigration?.at ? `${firstMigration.at.replace(" ", "T")}Z` : now.toISOString();
  const backupAge = newest?.finishedAt ? hoursAgo(newest.finishedAt, now) : hoursAgo(createdAt, now);
  const failedEmails = failed?.n ?? 0;
  const reported = deliveries?.reported ?? 0;
  const bounced = deliveries?.bounced ?? 0;
  const bounceShare = reported ? bounced / reported : 0;
  // A job is late when it has not succeeded for twice its interval; a new shop counts from its creation.
  const late = Object.entries(CRON_JOBS).filter(([cron, job]) => {
    const lastOk = heartbeats.find((h) => h.cron === cron)?.lastOkAt ?? createdAt;
    return hoursAgo(lastOk, now) * 60 > lateAfterMinutes(job.everyMinutes);
  });
  return [
    {
      key: "backup-stale",
      firing: backupAge > BACKUP_STALE_HOURS,
      detail: newest?.finishedAt
        ? `The newest complete backup finished ${backupAge < 1 ? "less than an hour" : `${Math.floor(backupAge)} hour${Math.floor(backupAge) === 1 ? "" : "s"}`} ago.`
        : "No backup has completed yet.",
    },
    {
      key: "backup-check-failed",
      firing: latestCheck ? !latestCheck.ok : false,
      detail: latestCheck
        ? latestCheck.ok
          ? `The latest check of ${latestCheck.backupKey} passed.`
          : `The latest check of ${latestCheck.backupKey} failed: ${latestCheck.problem}`
        : "No backup has been checked yet.",
    },
    {
      key: "emails-failed",
      firing: failedEmails > 0,
      detail:
        failedEmails > 0
          ? `${failedEmails} email${failedEmails === 1 ? "" : "s"} failed after every retry and wait in the outbox.`
          : "No email is waiting after a failure.",
    },
    {
      key: "jobs-late",
      firing: late.length > 0,
      detail: late.length
        ? `Not succeeded for over twice their interval: ${late.map(([cron, job]) => `${job.label} (${cron})`).join("; ")}.`
        : "Every scheduled job has succeeded within twice its interval.",
    },
    {
      key: "email-bounces",
      firing: reported >= BOUNCE_MIN_REPORTS && bounceShare > BOUNCE_ALERT_SHARE,
      detail: reported
        ? `${(bounceShare * 100).toFixed(1)} % of the ${reported} emails Resend reported on in the last 7 days bounced or were marked as spam (target under 2 %, alert over 5 %${reported < BOUNCE_MIN_REPORTS ? `, once there are ${BOUNCE_MIN_REPORTS}` : ""}).`
        : "Resend has reported on no email in the last 7 days.",
    },
  ];
}

/** The alerts' rows as they stand (the System page; and what a change is compared with). */
export function listAlerts(ctx: Pick<RequestContext, "db">) {
  return ctx.db.select().from(systemAlerts);
}

/**
 * Moves an alert to `reading`'s state if it is not there yet, mailing admins in the same batch.
 * Returns whether this call made the change.
 */
async function changeAlert(ctx: AlertContext, reading: Reading, origin: string): Promise<boolean> {
  const transition = crypto.randomUUID();
  const title = ALERTS[reading.key];
  const subject = reading.firing ? `Alert: ${title.toLowerCase()}` : `Resolved: ${title.toLowerCase()}`;
  const email = await renderEmail(
    `${subject} (${SHOP_NAME})`,
    <AccountEmail
      subject={subject}
      paragraphs={[
        reading.firing
          ? `${reading.detail} You will get one more email when this is resolved.`
          : `This is resolved. ${reading.detail}`,
        "The System page shows the shop's backups, their checks and every alert.",
      ]}
      action={{ label: "Open the System page", link: `${origin}/admin/system` }}
    />,
    await shopForEmails(ctx.db),
  );
  const [, , mails] = await ctx.db.batch([
    ctx.db.insert(systemAlerts).values({ key: reading.key }).onConflictDoNothing(),
    ctx.db
      .update(systemAlerts)
      .set({
        firing: reading.firing,
        since: reading.firing ? sqlNow : sql`${systemAlerts.since}`,
        resolvedAt: reading.firing ? null : sqlNow,
        detail: reading.detail,
        transition,
        updatedAt: sqlNow,
      })
      .where(and(eq(systemAlerts.key, reading.key), eq(systemAlerts.firing, !reading.firing))),
    insertWhere(
      ctx.db,
      emailOutbox,
      { kind: "alert", recipient: sql`${users.email}`, subject: email.subject, html: email.html, text: email.text },
      {
        from: sql`${users}`,
        where: sql`${users.role} = 'admin' AND ${users.disabledAt} IS NULL AND EXISTS (SELECT 1 FROM ${systemAlerts} WHERE ${systemAlerts.key} = ${reading.key} AND ${systemAlerts.transition} = ${transition})`,
        returning: sql`${bare(emailOutbox.id)}`,
      },
    ),
  ]);
  const ids = returnedRows<{ id: number }>(mails).map((row) => row.id);
  // If this send fails the rows stay queued, and the 5-minute cron requeues them (decision 019).
  if (ids.length) await ctx.bindings.EMAIL_QUEUE.sendBatch(ids.map((outboxId) => ({ body: { outboxId } })));
  return ids.length > 0 || (await stateIs(ctx, reading.key, transition));
}

async function stateIs(ctx: AlertContext, key: AlertKey, transition: string) {
  const [row] = await ctx.db
    .select({ key: systemAlerts.key })
    .from(systemAlerts)
    .where(and(eq(systemAlerts.key, key), eq(systemAlerts.transition, transition)));
  return Boolean(row);
}

/**
 * Runs every check and changes the alerts whose state differs. A new alert that is not firing is
 * not an incident, so it sends nothing (its row is written quietly).
 */
export async function evaluateAlerts(
  ctx: AlertContext,
  { now = new Date(), origin }: { now?: Date; origin: string },
): Promise<{ key: AlertKey; firing: boolean; changed: boolean }[]> {
  const [stored, metrics, current] = await Promise.all([
    readConditions(ctx, now),
    readMetricConditions(ctx, now),
    listAlerts(ctx),
  ]);
  const readings = [...stored, ...metrics];
  const outcomes = [];
  for (const reading of readings) {
    const row = current.find((r) => r.key === reading.key);
    const firingNow = row?.firing ?? false;
    let changed = false;
    if (firingNow !== reading.firing) changed = await changeAlert(ctx, reading, origin);
    else if (!row || row.detail !== reading.detail) await keepDetail(ctx, reading);
    outcomes.push({ key: reading.key, firing: reading.firing, changed });
  }
  return outcomes;
}

/** The alert's latest words without a change of state (no email). */
async function keepDetail(ctx: AlertContext, reading: Reading) {
  await ctx.db.batch([
    ctx.db.insert(systemAlerts).values({ key: reading.key, detail: reading.detail }).onConflictDoNothing(),
    ctx.db
      .update(systemAlerts)
      .set({ detail: reading.detail, updatedAt: sqlNow })
      .where(and(eq(systemAlerts.key, reading.key), eq(systemAlerts.firing, reading.firing))),
  ]);
}
