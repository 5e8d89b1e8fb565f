/**
 * One Workers Analytics Engine data point per request, queue batch and cron run (issue 16): what
 * the System page's metrics are computed from in deployed environments. Writing is fire-and-forget
 * and never fails the work it describes; without the METRICS binding nothing is written.
 *
 * Analytics Engine keeps at most 20 blobs and 20 doubles per point and one index of up to 96 bytes
 * (developers.cloudflare.com/analytics/analytics-engine/limits): the index is the route or job,
 * blobs are short labels, never a URL, an id or a person's data.
 */
import type { RequestTiming } from "./timing.server";

/** Where an invocation's data points go: the METRICS binding (and locally the stand-in too). */
export type MetricsSink = Pick<AnalyticsEngineDataset, "writeDataPoint">;

export type RequestPoint = { method: string; status: number; durationMs: number; timing: RequestTiming };
export type JobPoint = { kind: "queue" | "cron"; name: string; ok: boolean; durationMs: number; items?: number };

/** blob1 says which kind of point it is, so one dataset holds all three. */
export function requestDataPoint({ method, status, durationMs, timing }: RequestPoint): AnalyticsEngineDataPoint {
  // A page served whole from the page cache never reaches React Router, so it has no pattern.
  const route = timing.route ?? (timing.pageCache === "hit" ? "(page cache)" : "(no route)");
  return {
    indexes: [route.slice(0, 96)],
    blobs: [
      "request",
      route.slice(0, 200),
      method,
      `${Math.floor(status / 100)}xx`,
      timing.pageCache ?? timing.cache ?? "none",
      // The catalogue cache (KV) alone: the KV hit rate is counted over requests that read it.
      timing.cache ?? "none",
    ],
    doubles: [status, durationMs, timing.d1Queries, timing.d1Ms, timing.d1ReadMs, timing.d1WriteMs],
  };
}

/** One call to Stripe's API: which endpoint (ids replaced), whether it answered 2xx, and how fast. */
export function stripeDataPoint({
  method,
  path,
  status,
  durationMs,
}: {
  method: string;
  path: string;
  status: number;
  durationMs: number;
}): AnalyticsEngineDataPoint {
  const endpoint = `${method} ${path.replace(/\/[a-z]+_[A-Za-z0-9_]+/g, "/:id")}`.slice(0, 96);
  return {
    indexes: [endpoint],
    blobs: ["stripe", endpoint, status >= 200 && status < 300 ? "ok" : "failed"],
    doubles: [status, durationMs],
  };
}

export function jobDataPoint({ kind, name, ok, durationMs, items = 0 }: JobPoint): AnalyticsEngineDataPoint {
  return {
    indexes: [name.slice(0, 96)],
    blobs: [kind, name.slice(0, 200), ok ? "ok" : "failed"],
    doubles: [ok ? 1 : 0, durationMs, items],
  };
}

export function writeDataPoint(sink: MetricsSink | undefined, point: AnalyticsEngineDataPoint) {
  try {
    sink?.writeDataPoint(point);
  } catch {
    // Metrics must never cost a customer their page or a job its run.
  }
}

/**
 * The METRICS binding, and in development and tests also the stand-in's copy of Analytics Engine
 * (scripts/standins/analytics-engine.ts): the local binding keeps nothing that can be queried, so
 * each point is posted there as well, after the response (`waitUntil`), so the System page can
 * show real figures locally. Never outside development and tests: there the binding is all.
 */
export function metricsSink(
  binding: AnalyticsEngineDataset | undefined,
  local: { standinUrl: string | undefined; dataset: string; waitUntil: (promise: Promise<unknown>) => void } | null,
): MetricsSink | undefined {
  if (!local?.standinUrl) return binding;
  const url = new URL(`/__standin/analytics-engine/${local.dataset}`, local.standinUrl);
  return {
    writeDataPoint(point) {
      binding?.writeDataPoint(point);
      local.waitUntil(
        fetch(url, { method: "POST", body: JSON.stringify(point ?? {}) }).then(
          (response) => response.body?.cancel(),
          () => {},
        ),
      );
    },
  };
}
