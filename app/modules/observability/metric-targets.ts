/**
 * The shop's health figures with their targets and alert thresholds (the original brief's table;
 * decision 024). Plain data: the System page renders it, the alerts check it.
 */
export type MetricKey =
  | "kv-hit-rate"
  | "d1-read-p95"
  | "d1-write-p95"
  | "error-rate"
  | "stripe-success"
  | "email-bounce";

export type MetricTarget = {
  label: string;
  /** What the figure measures, in words (the System page's explanation). */
  about: string;
  unit: "share" | "ms";
  /** Whether a bigger figure is better (hit rates) or worse (errors, latency). */
  better: "higher" | "lower";
  target: number;
  alert: number;
};

export const METRIC_TARGETS: Record<MetricKey, MetricTarget> = {
  "kv-hit-rate": {
    label: "Catalogue cache hit rate",
    about: "Requests that read the catalogue from KV and found it there",
    unit: "share",
    better: "higher",
    target: 0.8,
    alert: 0.7,
  },
  "d1-read-p95": {
    label: "Database reads, 95th percentile",
    about: "Time a request spent reading D1 (requests that read)",
    unit: "ms",
    better: "lower",
    target: 100,
    alert: 1000,
  },
  "d1-write-p95": {
    label: "Database writes, 95th percentile",
    about: "Time a request spent in D1 round trips that wrote (requests that wrote)",
    unit: "ms",
    better: "lower",
    target: 500,
    alert: 1000,
  },
  "error-rate": {
    label: "Error rate",
    about: "Requests answered with a 5xx status",
    unit: "share",
    better: "lower",
    target: 0.005,
    alert: 0.01,
  },
  "stripe-success": {
    label: "Stripe success rate",
    about: "Calls to Stripe's API answered with a 2xx status",
    unit: "share",
    better: "higher",
    target: 0.99,
    alert: 0.98,
  },
  "email-bounce": {
    label: "Email bounce rate",
    about: "Emails Resend reported on that bounced or were marked as spam",
    unit: "share",
    better: "lower",
    target: 0.02,
    alert: 0.05,
  },
};

export type MetricStanding = "on-target" | "off-target" | "alert" | "no-data";

/** Where a figure stands against its target and alert threshold. */
export function standing(key: MetricKey, value: number | null): MetricStanding {
  if (value === null || !Number.isFinite(value)) return "no-data";
  const { better, target, alert } = METRIC_TARGETS[key];
  if (better === "higher") return value < alert ? "alert" : value >= target ? "on-target" : "off-target";
  return value > alert ? "alert" : value < target ? "on-target" : "off-target";
}

/** "0.4 %", "97.5 %", "120 ms", "1.5 s": how the System page and the alert emails write a figure. */
export function formatFigure(key: MetricKey, value: number): string {
  if (METRIC_TARGETS[key].unit === "ms") {
    return value >= 1000 ? `${(value / 1000).toFixed(1).replace(/\.0$/, "")} s` : `${Math.round(value)} ms`;
  }
  return `${(value * 100).toFixed(1).replace(/\.0$/, "")} %`;
}

/** "over 80 %", "under 100 ms". */
export function formatThreshold(key: MetricKey, which: "target" | "alert"): string {
  const { better } = METRIC_TARGETS[key];
  const above = which === "target" ? better === "higher" : better === "lower";
  return `${above ? "over" : "under"} ${formatFigure(key, METRIC_TARGETS[key][which])}`;
}
