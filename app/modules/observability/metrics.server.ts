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
    ],
    doubles: [status, durationMs, timing.d1Queries, timing.d1Ms],
  };
}

export function jobDataPoint({ kind, name, ok, durationMs, items = 0 }: JobPoint): AnalyticsEngineDataPoint {
  return {
    indexes: [name.slice(0, 96)],
    blobs: [kind, name.slice(0, 200), ok ? "ok" : "failed"],
    doubles: [ok ? 1 : 0, durationMs, items],
  };
}

export function writeDataPoint(bindings: Pick<Env, "METRICS">, point: AnalyticsEngineDataPoint) {
  try {
    bindings.METRICS?.writeDataPoint(point);
  } catch {
    // Metrics must never cost a customer their page or a job its run.
  }
}
