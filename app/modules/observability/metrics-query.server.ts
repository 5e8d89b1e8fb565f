/**
 * Reading the metrics back (issue 16, decision 024): the System page's figures and the metric
 * alerts, from the data points metrics.server.ts writes.
 *
 * Deployed, the queries go to Cloudflare's Analytics Engine SQL API with the account id and an API
 * token ("Account Analytics: Read"). In development and tests the same SQL goes to the stand-in's
 * copy of Analytics Engine (scripts/standins/analytics-engine.ts), which the Worker also posts
 * each point to there. Nothing is ever written to D1 per request.
 *
 * Analytics Engine samples busy datasets: every count is a sum of `_sample_interval` and every
 * percentile is weighted by it, so the figures stay right when a point stands for several.
 */
import { gt, sql, count as sqlCount } from "drizzle-orm";
import { emailOutbox } from "../../../database/schema";
import { type AppEnv, isLocal } from "../platform/env.server";
import type { RequestContext } from "../platform/request-context.server";
import type { MetricKey } from "./metric-targets";

/** A window of time the figures cover, as Analytics Engine writes an interval. */
export const WINDOWS = {
  "1h": { interval: "INTERVAL '1' HOUR", seconds: 3600 },
  "24h": { interval: "INTERVAL '24' HOUR", seconds: 86_400 },
  "7d": { interval: "INTERVAL '7' DAY", seconds: 7 * 86_400 },
} as const;
export type MetricWindow = keyof typeof WINDOWS;

/** One figure: its value (null when nothing was measured) and how many events it is over. */
export type Figure = { value: number | null; samples: number };
export type WindowFigures = Record<MetricKey, Figure> & { requests: number };

type MetricsSource = { url: string; token: string | null; dataset: string };

/** Where the SQL goes, or null (with why) when metrics cannot be read here. */
export function metricsSource(env: AppEnv): MetricsSource | { off: string } {
  const dataset = env.METRICS_DATASET;
  if (env.ANALYTICS_ACCOUNT_ID && env.ANALYTICS_API_TOKEN) {
    return {
      url: `https://api.cloudflare.com/client/v4/accounts/${encodeURIComponent(env.ANALYTICS_ACCOUNT_ID)}/analytics_engine/sql`,
      token: env.ANALYTICS_API_TOKEN,
      dataset,
    };
  }
  if (isLocal(env) && env.STANDIN_URL) {
    return {
      url: new URL("/client/v4/accounts/local/analytics_engine/sql", env.STANDIN_URL).href,
      token: null,
      dataset,
    };
  }
  return { off: "Set ANALYTICS_ACCOUNT_ID and ANALYTICS_API_TOKEN to read metrics (docs/operations.md)." };
}

async function runSql(source: MetricsSource, sql: string): Promise<Record<string, unknown>[]> {
  const response = await fetch(source.url, {
    method: "POST",
    headers: source.token ? { Authorization: `Bearer ${source.token}` } : {},
    body: sql,
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) {
    throw new Error(`Analytics Engine answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  }
  return ((await response.json()) as { data?: Record<string, unknown>[] }).data ?? [];
}

/** The SQL API's JSON quotes 64-bit integers; an empty percentile is NaN or null. */
function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === "") return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

const count = (value: unknown) => numberOrNull(value) ?? 0;

/** Three queries (the counts, then each percentile over the requests it concerns), run at once. */
async function readRequestFigures(source: MetricsSource, window: MetricWindow) {
  const since = `timestamp > NOW() - ${WINDOWS[window].interval}`;
  const from = `FROM ${source.dataset} WHERE ${since}`;
  const [[counts], [reads], [writes]] = await Promise.all([
    runSql(
      source,
      `SELECT
        sumIf(_sample_interval, blob1 = 'request') AS requests,
        sumIf(_sample_interval, blob1 = 'request' AND double1 >= 500) AS server_errors,
        sumIf(_sample_interval, blob1 = 'request' AND blob6 = 'hit') AS kv_hits,
        sumIf(_sample_interval, blob1 = 'request' AND blob6 = 'miss') AS kv_misses,
        sumIf(_sample_interval, blob1 = 'stripe') AS stripe_calls,
        sumIf(_sample_interval, blob1 = 'stripe' AND blob3 = 'ok') AS stripe_ok
      ${from} FORMAT JSON`,
    ),
    runSql(
      source,
      `SELECT quantileWeighted(0.95, double5, _sample_interval) AS p95, sum(_sample_interval) AS n
      ${from} AND blob1 = 'request' AND double5 > 0 FORMAT JSON`,
    ),
    runSql(
      source,
      `SELECT quantileWeighted(0.95, double6, _sample_interval) AS p95, sum(_sample_interval) AS n
      ${from} AND blob1 = 'request' AND double6 > 0 FORMAT JSON`,
    ),
  ]);
  const requests = count(counts?.requests);
  const kvReads = count(counts?.kv_hits) + count(counts?.kv_misses);
  const stripeCalls = count(counts?.stripe_calls);
  const share = (part: unknown, whole: number): Figure => ({
    value: whole ? count(part) / whole : null,
    samples: whole,
  });
  const percentile = (row: Record<string, unknown> | undefined): Figure => {
    const samples = count(row?.n);
    return { value: samples ? numberOrNull(row?.p95) : null, samples };
  };
  return {
    requests,
    "error-rate": share(counts?.server_errors, requests),
    "kv-hit-rate": share(counts?.kv_hits, kvReads),
    "stripe-success": share(counts?.stripe_ok, stripeCalls),
    "d1-read-p95": percentile(reads),
    "d1-write-p95": percentile(writes),
  };
}

/**
 * Bounces and complaints among the emails Resend reported on, sent in the window: from D1, where
 * the Resend webhook records each outcome (decision 022).
 */
export async function readBounceFigure(ctx: Pick<RequestContext, "db">, since: Date): Promise<Figure> {
  const [row] = await bounceCounts(ctx, since);
  const samples = row?.reported ?? 0;
  return { value: samples ? (row?.bounced ?? 0) / samples : null, samples };
}

/** The query itself, for callers that run it in a batch with others (the alerts). */
export function bounceCounts(ctx: Pick<RequestContext, "db">, since: Date) {
  return ctx.db
    .select({
      reported: sqlCount(emailOutbox.delivery),
      bounced: sql<number>`count(*) FILTER (WHERE ${emailOutbox.delivery} IN ('bounced', 'complained'))`,
    })
    .from(emailOutbox)
    .where(gt(emailOutbox.sentAt, since.toISOString()));
}

/** Every figure for a window, or why there are none. */
export async function readWindowFigures(
  ctx: Pick<RequestContext, "db" | "env">,
  window: MetricWindow,
  now = new Date(),
): Promise<WindowFigures> {
  const source = metricsSource(ctx.env);
  if ("off" in source) throw new MetricsOff(source.off);
  const since = new Date(now.getTime() - WINDOWS[window].seconds * 1000);
  const [requestFigures, bounce] = await Promise.all([
    readRequestFigures(source, window),
    readBounceFigure(ctx, since),
  ]);
  return { ...requestFigures, "email-bounce": bounce };
}

/** Metrics are not configured here: the page says so instead of showing figures. */
export class MetricsOff extends Error {}
