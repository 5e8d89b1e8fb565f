import { z } from "zod";
import { Button } from "../components/forms/button";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { TableScroller } from "../components/table-scroller";
import { waitingWork } from "../modules/admin/outbox-admin.server";
import { ALERTS, type AlertKey } from "../modules/alerts/alert-kinds";
import { evaluateAlerts, listAlerts } from "../modules/alerts/alerts.server";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import {
  BACKUPS_KEPT,
  backupStatus,
  checkNewestBackup,
  newestCheckedRecently,
} from "../modules/backup/backup-jobs.server";
import { readSubmission } from "../modules/forms/submission.server";
import { CRON_JOBS, listCronRuns } from "../modules/jobs/cron-jobs.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import {
  formatFigure,
  formatThreshold,
  METRIC_TARGETS,
  type MetricKey,
  type MetricStanding,
  standing,
} from "../modules/observability/metric-targets";
import {
  type Figure,
  MetricsOff,
  readWindowFigures,
  type WindowFigures,
} from "../modules/observability/metrics-query.server";
import { getRequestContext, type RequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/admin.system";

/** A check reads the whole newest backup from R2; one every few minutes is plenty. */
const CHECK_EVERY_MINUTES = 5;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  const [backups, alerts, cronRuns, waiting, metrics] = await Promise.all([
    backupStatus(ctx),
    listAlerts(ctx),
    listCronRuns(ctx),
    waitingWork(ctx),
    readMetrics(ctx),
  ]);
  const jobs = Object.entries(CRON_JOBS).map(([cron, job]) => ({
    cron,
    ...job,
    run: cronRuns.find((r) => r.cron === cron) ?? null,
  }));
  return { ...backups, alerts, jobs, waiting, metrics, kept: BACKUPS_KEPT, now: new Date().toISOString() };
}

/** The last 24 hours' and 7 days' figures, or why there are none (the rest of the page still shows). */
async function readMetrics(ctx: RequestContext) {
  try {
    const [day, week] = await Promise.all([readWindowFigures(ctx, "24h"), readWindowFigures(ctx, "7d")]);
    return { day, week, off: null };
  } catch (error) {
    if (!(error instanceof MetricsOff)) ctx.logger.warn("metrics not read", { error: String(error) });
    return {
      day: null,
      week: null,
      off: error instanceof MetricsOff ? error.message : "Analytics Engine did not answer; try again in a minute.",
    };
  }
}

const CheckBackup = z.object({ intent: z.literal("check-backup", { message: "Choose what to do." }) });

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  const form = await readSubmission(request, CheckBackup);
  if (form.submission.status !== "success") return form.formError("Choose what to do.");
  if (await newestCheckedRecently(ctx, CHECK_EVERY_MINUTES)) {
    return form.formError(
      `The newest backup was checked less than ${CHECK_EVERY_MINUTES} minutes ago; its result is below. Try again later.`,
      429,
    );
  }
  const check = await checkNewestBackup(ctx);
  await evaluateAlerts(ctx, { origin: new URL(request.url).origin });
  return redirectWithNotice(
    ctx,
    "/admin/system",
    check.ok
      ? `The newest backup checked out: every chunk is there and matches its checksum.`
      : { kind: "error", message: `The check failed: ${check.problem}` },
  );
}

const when = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" });

function age(iso: string, now: string): string {
  const hours = (new Date(now).getTime() - new Date(iso).getTime()) / 3600_000;
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"} ago`;
  if (hours < 1) return plural(Math.max(1, Math.round(hours * 60)), "minute");
  if (hours < 48) return plural(Math.round(hours), "hour");
  return plural(Math.round(hours / 24), "day");
}

function size(bytes: number | null): string {
  if (bytes === null) return "–";
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const RUN_STYLE: Record<string, string> = {
  complete: "bg-green-100 text-green-900",
  running: "bg-stone-100 text-stone-800",
  failed: "bg-red-100 text-red-900",
};

export default function AdminSystem({ loaderData, actionData }: Route.ComponentProps) {
  const { runs, lastComplete, checks, alerts, jobs, waiting, metrics, kept, now } = loaderData;
  const [check] = useSchemaForm(CheckBackup, { answer: actionData });
  const lastCheck = checks[0] ?? null;
  return (
    <section aria-labelledby="system-heading" className="max-w-4xl space-y-8">
      <div>
        <h1 id="system-heading" className="font-serif text-3xl font-bold text-crust-900">
          System
        </h1>
        <p className="mt-2 text-stone-700">
          The alerts admins are emailed about, the shop's health against its targets, its scheduled jobs, and the
          backups of its database and their checks.
        </p>
      </div>

      <section aria-labelledby="alerts-heading">
        <h2 id="alerts-heading" className="font-serif text-2xl font-bold text-crust-900">
          Alerts
        </h2>
        <ul className="mt-3 divide-y divide-crust-200 rounded-2xl border border-crust-200 bg-white">
          {(Object.keys(ALERTS) as AlertKey[]).map((key) => {
            const alert = alerts.find((a) => a.key === key);
            return (
              <li key={key} aria-label={ALERTS[key]} className="flex flex-wrap items-start gap-x-6 gap-y-1 p-4">
                <div className="min-w-0 flex-1 sm:min-w-72">
                  <p className="font-semibold">{ALERTS[key]}</p>
                  <p className="text-sm text-stone-700">
                    {alert?.detail ?? "Not checked yet (the hourly check runs it)."}
                  </p>
                  {alert?.firing && alert.since ? (
                    <p className="text-sm text-red-800">{`Since ${when(alert.since)}`}</p>
                  ) : alert?.resolvedAt ? (
                    <p className="text-sm text-stone-700">{`Last resolved ${when(alert.resolvedAt)}`}</p>
                  ) : null}
                </div>
                <span
                  className={`rounded-full px-2 py-0.5 text-sm font-semibold ${alert?.firing ? "bg-red-100 text-red-900" : "bg-green-100 text-green-900"}`}
                >
                  {alert?.firing ? "Firing" : "OK"}
                </span>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="metrics-heading">
        <h2 id="metrics-heading" className="font-serif text-2xl font-bold text-crust-900">
          Health
        </h2>
        {metrics.day && metrics.week ? (
          <>
            <p className="mt-2 text-sm text-stone-700">
              {`${metrics.day.requests} requests in the last 24 hours, ${metrics.week.requests} in the last 7 days.`}
            </p>
            <MetricsTable day={metrics.day} week={metrics.week} />
          </>
        ) : (
          <p className="mt-2 text-stone-700">{metrics.off}</p>
        )}
      </section>

      <section aria-labelledby="jobs-heading">
        <h2 id="jobs-heading" className="font-serif text-2xl font-bold text-crust-900">
          Scheduled jobs
        </h2>
        <SystemTable
          label="Scheduled jobs"
          className="mt-3"
          columns={[{ label: "Job" }, { label: "Last run" }, { label: "Last success" }]}
        >
          {jobs.map((job) => (
            <tr key={job.cron} className="border-b border-crust-100 align-top">
              <td className="py-2 pr-4">
                <span className="font-semibold">{job.label}</span>
                <span className="block font-mono text-xs text-stone-700">{job.cron}</span>
              </td>
              <td className="py-2 pr-4">
                {job.run
                  ? `${age(job.run.startedAt, now)}: ${job.run.ok === null ? "running" : job.run.ok ? "worked" : `failed. ${job.run.error ?? ""}`}`
                  : "Not run yet"}
              </td>
              <td className="py-2">{job.run?.lastOkAt ? age(job.run.lastOkAt, now) : "Never"}</td>
            </tr>
          ))}
        </SystemTable>
        <p className="mt-3 text-sm text-stone-700">
          {`Waiting: ${waiting.failedEmails} failed email${waiting.failedEmails === 1 ? "" : "s"} (see Outbox), ${waiting.heldBackEmails} held back for a bounced address, ${waiting.pendingRefunds} refund${waiting.pendingRefunds === 1 ? "" : "s"} Stripe has not settled yet.`}
        </p>
      </section>

      <section aria-labelledby="backups-heading">
        <h2 id="backups-heading" className="font-serif text-2xl font-bold text-crust-900">
          Backups
        </h2>
        {lastComplete?.finishedAt ? (
          <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 rounded-2xl border border-crust-200 bg-white p-4">
            <dt className="font-semibold">Last backup</dt>
            <dd>{`${when(lastComplete.finishedAt)} (${age(lastComplete.finishedAt, now)})`}</dd>
            <dt className="font-semibold">Size</dt>
            <dd>{`${size(lastComplete.bytes)} · ${lastComplete.rows ?? 0} rows · ${lastComplete.chunks ?? 0} chunks`}</dd>
            <dt className="font-semibold">In R2 at</dt>
            <dd className="break-all font-mono text-sm">{lastComplete.key}</dd>
            <dt className="font-semibold">Last check</dt>
            <dd>
              {lastCheck
                ? `${when(lastCheck.checkedAt)}: ${lastCheck.ok ? "passed" : `failed. ${lastCheck.problem}`}`
                : "Not checked yet (every Monday at 04:41 UTC)."}
            </dd>
          </dl>
        ) : (
          <p className="mt-3">No backup has completed yet. The nightly backup runs at 03:17 UTC.</p>
        )}
        <p className="mt-3 text-sm text-stone-700">
          {`A backup is made every night and the newest ${kept} are kept; the newest is checked every Monday. To restore one, follow docs/operations.md (npm run db:restore).`}
        </p>

        <SchemaForm form={check} aria-label="Check the newest backup" className="mt-4 space-y-2">
          <input type="hidden" name="intent" value="check-backup" />
          <Button variant="secondary">Check the newest backup now</Button>
        </SchemaForm>

        {runs.length ? (
          <SystemTable
            label="Recent backup runs"
            className="mt-6"
            caption
            columns={[
              { label: "Started" },
              { label: "Result" },
              { label: "Rows", right: true },
              { label: "Size", right: true },
            ]}
          >
            {runs.map((run) => (
              <tr key={run.key} className="border-b border-crust-100 align-top">
                <td className="py-2 pr-4">{when(run.startedAt)}</td>
                <td className="py-2 pr-4">
                  <span className={`rounded-full px-2 py-0.5 font-semibold ${RUN_STYLE[run.status] ?? ""}`}>
                    {run.status}
                  </span>
                  {run.error ? <span className="ml-2 text-red-800">{run.error}</span> : null}
                </td>
                <td className="py-2 pr-4 text-right tabular-nums">{run.rows ?? "–"}</td>
                <td className="py-2 text-right tabular-nums">{size(run.bytes)}</td>
              </tr>
            ))}
          </SystemTable>
        ) : null}

        {lastCheck?.tables.length ? (
          <details className="mt-6">
            <summary className="cursor-pointer font-semibold">Rows per table at the last check</summary>
            <SystemTable
              label="Rows per table"
              className="mt-2"
              columns={[{ label: "Table" }, { label: "In the backup", right: true }, { label: "Live", right: true }]}
              tight
            >
              {lastCheck.tables.map((table) => (
                <tr key={table.name} className="border-b border-crust-100">
                  <td className="py-1 pr-4 font-mono">{table.name}</td>
                  <td className="py-1 pr-4 text-right tabular-nums">{table.backup}</td>
                  <td className="py-1 text-right tabular-nums">{table.live ?? "gone"}</td>
                </tr>
              ))}
            </SystemTable>
          </details>
        ) : null}
      </section>
    </section>
  );
}

const STANDING_WORDS: Record<MetricStanding, { text: string; className: string }> = {
  "on-target": { text: "on target", className: "text-green-900" },
  "off-target": { text: "off target", className: "text-amber-900" },
  alert: { text: "alert", className: "font-semibold text-red-800" },
  "no-data": { text: "", className: "text-stone-700" },
};

/** Each health figure for the last 24 hours and 7 days, against its target and alert threshold. */
function MetricsTable({ day, week }: { day: WindowFigures; week: WindowFigures }) {
  return (
    <SystemTable
      label="Health figures"
      className="mt-3"
      columns={[
        { label: "Figure" },
        { label: "Last 24 hours", right: true },
        { label: "Last 7 days", right: true },
        { label: "Target" },
        { label: "Alert" },
      ]}
    >
      {(Object.keys(METRIC_TARGETS) as MetricKey[]).map((key) => (
        <tr key={key} className="border-b border-crust-100 align-top">
          <th scope="row" className="py-2 pr-4 text-left font-normal">
            <span className="font-semibold">{METRIC_TARGETS[key].label}</span>
            <span className="block text-xs text-stone-700">{METRIC_TARGETS[key].about}</span>
          </th>
          <FigureCell metric={key} figure={day[key]} />
          <FigureCell metric={key} figure={week[key]} />
          <td className="py-2 pr-4">{formatThreshold(key, "target")}</td>
          <td className="py-2">{formatThreshold(key, "alert")}</td>
        </tr>
      ))}
    </SystemTable>
  );
}

/** "0.4 % of 1200, on target": the standing in words, not only in colour. */
function FigureCell({ metric, figure }: { metric: MetricKey; figure: Figure }) {
  const words = STANDING_WORDS[standing(metric, figure.value)];
  return (
    <td className="py-2 pr-4 text-right tabular-nums">
      {figure.value === null ? (
        <span className="text-stone-700">No data</span>
      ) : (
        <>
          <span className="block">{formatFigure(metric, figure.value)}</span>
          <span className={`block text-xs ${words.className}`}>{`of ${figure.samples}, ${words.text}`}</span>
        </>
      )}
    </td>
  );
}

/**
 * One of this page's tables: it scrolls in its own box on a phone, its header row names the
 * columns, and `caption` shows its label above it as well.
 */
function SystemTable({
  label,
  className,
  caption = false,
  columns,
  tight = false,
  children,
}: {
  label: string;
  className: string;
  caption?: boolean;
  columns: { label: string; right?: boolean }[];
  tight?: boolean;
  children: React.ReactNode;
}) {
  return (
    <TableScroller label={label} className={className}>
      <table className="w-full border-collapse text-left text-sm">
        {caption ? <caption className="mb-2 text-left font-semibold">{label}</caption> : null}
        <ColumnHeads columns={columns} tight={tight} />
        <tbody>{children}</tbody>
      </table>
    </TableScroller>
  );
}

/** A table's header row: column names, numbers right-aligned; `tight` for the compact tables. */
function ColumnHeads({ columns, tight = false }: { columns: { label: string; right?: boolean }[]; tight?: boolean }) {
  return (
    <thead>
      <tr className="border-b border-crust-200">
        {columns.map((column, i) => (
          <th
            key={column.label}
            scope="col"
            className={`${tight ? "py-1" : "py-2"} ${i < columns.length - 1 ? "pr-4" : ""} ${column.right ? "text-right" : ""}`}
          >
            {column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
