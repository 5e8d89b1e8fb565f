import { createContext, RouterContextProvider } from "react-router";
import { createLogger, type Logger } from "../observability/logger.server";
import { type MetricsSink, metricsSink } from "../observability/metrics.server";
import { RequestTiming } from "../observability/timing.server";
import { createDatabase, type Database } from "./db.server";
import { type AppEnv, isLocal, parseEnv } from "./env.server";
import { withKvWriteLimit } from "./kv-write-limit.server";

/**
 * Everything a loader, action or module needs for one request, built once in the Worker entry.
 * Modules receive what they need from here; none reaches for a global binding.
 */
export type RequestContext = {
  env: AppEnv;
  bindings: Env;
  db: Database;
  kv: KVNamespace;
  media: R2Bucket;
  waitUntil: (promise: Promise<unknown>) => void;
  logger: Logger;
  requestId: string;
  /** Per-response CSP nonce for inline and module scripts. */
  nonce: string;
  timing: RequestTiming;
  /** Where this invocation's metrics data points go (observability/metrics.server.ts). */
  metrics: MetricsSink | undefined;
  url: URL;
  /** Values shared by everything in this request, such as the catalogue version (read once). */
  memo: Map<string, Promise<unknown>>;
  /**
   * The time for this request's decisions (cut-offs, slots, reservations): the one clock seam, so
   * tests can pin it. Always the real clock outside the test environment.
   */
  now: () => Date;
  /**
   * Shop time at which the page being rendered stops being true (a cut-off or a drop it shows);
   * the page cache keeps it no longer. Set with `pageTrueUntil`; null when time does not matter.
   */
  pageFreshUntil: string | null;
};

export const requestContext = createContext<RequestContext>();

/**
 * `session`: the request's D1 session (read replicas, decision 018); without one (the queue, the
 * cron, tests) queries go to the primary database as before.
 */
export function createRequestContext(
  request: Request,
  bindings: Env,
  ctx: ExecutionContext,
  session: D1DatabaseSession | null = null,
): RequestContext {
  const env = parseEnv(bindings);
  const requestId = request.headers.get("cf-ray") ?? crypto.randomUUID();
  const timing = new RequestTiming();
  return {
    env,
    bindings,
    // A session answers prepare and batch like the binding, which is all drizzle asks of it.
    db: createDatabase(session ? (session as unknown as D1Database) : bindings.DB, timing),
    kv: isLocal(env) && env.KV_ONE_WRITE_PER_SECOND === "1" ? withKvWriteLimit(bindings.KV) : bindings.KV,
    media: bindings.MEDIA,
    waitUntil: (promise) => ctx.waitUntil(promise),
    logger: createLogger({ requestId }, env.LOG_LEVEL),
    requestId,
    nonce: createNonce(),
    timing,
    metrics: metricsSink(
      bindings.METRICS,
      isLocal(env) && env.LOCAL_METRICS === "1"
        ? { standinUrl: env.STANDIN_URL, dataset: env.METRICS_DATASET, waitUntil: (p) => ctx.waitUntil(p) }
        : null,
    ),
    url: new URL(request.url),
    memo: new Map(),
    now: clockFor(request, env),
    pageFreshUntil: null,
  };
}

/** Records that what is being rendered changes at `local` (shop time): the earliest such moment wins. */
export function pageTrueUntil(ctx: Pick<RequestContext, "pageFreshUntil">, local: string): void {
  if (ctx.pageFreshUntil === null || local < ctx.pageFreshUntil) ctx.pageFreshUntil = local;
}

/** The header the worker tests pin "now" with; honoured only when APP_ENV is "test". */
export const TEST_NOW_HEADER = "X-Test-Now";

function clockFor(request: Request, env: AppEnv): () => Date {
  const pinned = env.APP_ENV === "test" ? Date.parse(request.headers.get(TEST_NOW_HEADER) ?? "") : Number.NaN;
  return Number.isNaN(pinned) ? () => new Date() : () => new Date(pinned);
}

export function createRouterContext(context: RequestContext): RouterContextProvider {
  const provider = new RouterContextProvider();
  provider.set(requestContext, context);
  return provider;
}

/**
 * The shop's public origin for links that leave the page (emails, Stripe, Google's redirect):
 * APP_URL wherever the shop is deployed (required there), the request's own origin locally.
 */
export function publicOrigin(ctx: Pick<RequestContext, "env" | "url">): string {
  return ctx.env.APP_URL ?? ctx.url.origin;
}

/** Loaders and actions call this: `const { db } = getRequestContext(context)`. */
export function getRequestContext(provider: Readonly<RouterContextProvider>): RequestContext {
  return provider.get(requestContext);
}

function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
