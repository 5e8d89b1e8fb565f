import { withSentry } from "@sentry/cloudflare";
import { createRequestHandler } from "react-router";
import { UPLOAD_LIMITS } from "../app/lib/constants";
import { evaluateAlerts } from "../app/modules/alerts/alerts.server";
import { sessionUserIfKnown } from "../app/modules/auth/session.server";
import { checkNewestBackup, runBackup } from "../app/modules/backup/backup-jobs.server";
import { republishCatalogVersion } from "../app/modules/cache/catalog-changes.server";
import { isCacheablePageRequest, withPageCache } from "../app/modules/cache/page-cache.server";
import { consumeEmailBatch } from "../app/modules/email/email-consumer.server";
import { CRON, withHeartbeat } from "../app/modules/jobs/cron-jobs.server";
import { cleanUpOrphanUploads } from "../app/modules/jobs/orphan-uploads";
import { releaseExpiredReservations, requeueStuckEmails } from "../app/modules/jobs/release-expired.server";
import { consumeImageBatch } from "../app/modules/media/image-variants.server";
import { notifyWhenBack } from "../app/modules/notify/notify-me.server";
import { reportError, sentryOptions, tagInvocation } from "../app/modules/observability/error-reports.server";
import { errorFields } from "../app/modules/observability/logger.server";
import {
  jobDataPoint,
  type MetricsSink,
  requestDataPoint,
  writeDataPoint,
} from "../app/modules/observability/metrics.server";
import { serverTimingVisible } from "../app/modules/observability/timing.server";
import { checkoutOrigin } from "../app/modules/payments/stripe.server";
import { bookmarkOf, bookmarkSetCookie, openD1Session } from "../app/modules/platform/d1-session.server";
import { isLocal, parseEnv } from "../app/modules/platform/env.server";
import { mostKvWritesPerKeyPerSecond } from "../app/modules/platform/kv-write-limit.server";
import { createRequestContext, createRouterContext } from "../app/modules/platform/request-context.server";
import { applySecurityHeaders } from "../app/modules/security/headers.server";
import { inlineStylesheetSource } from "../app/modules/security/inline-stylesheet.server";
import { isCrossSiteWrite } from "../app/modules/security/origin-check.server";

/**
 * Liveness for uptime checks: answers without touching any binding or React Router. The benchmark
 * uses it as its constant route, the floor every page's cost is measured against.
 */
const LIVENESS_PATH = "/livez";

export { RateLimiter } from "../app/modules/rate-limit/rate-limiter-object";

const handleRequest = createRequestHandler(() => import("virtual:react-router/server-build"), import.meta.env.MODE);

const handlers = {
  async fetch(request, env, ctx) {
    const started = performance.now();
    const appEnv = parseEnv(env);
    const session = openD1Session(env.DB, request, await bookmarkOf(appEnv, request).catch(() => null));
    const context = createRequestContext(request, env, ctx, session);
    const { logger, timing, url } = context;

    let response: Response;
    try {
      if (url.pathname === LIVENESS_PATH) {
        response = new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
      } else if (isCrossSiteWrite(request, url)) {
        logger.warn("cross-site write refused", { origin: request.headers.get("Origin") });
        response = new Response("Forms can only be submitted from this site.", {
          status: 403,
          headers: { "Content-Type": "text/plain; charset=utf-8" },
        });
      } else {
        response = await withPageCache(context, request, () => handleRequest(request, createRouterContext(context)));
      }
    } catch (error) {
      // React Router renders route errors itself (and reports them: entry.server's handleError);
      // reaching here means the handler itself broke.
      logger.error("unhandled error", errorFields(error));
      reportError(error, { request_id: context.requestId, route: timing.route });
      response = new Response("Internal Server Error", { status: 500 });
    }

    // Responses from fetch() can be immutable; copy before adding headers.
    response = new Response(response.body, response);
    const durationMs = performance.now() - started;
    applySecurityHeaders(response.headers, {
      nonce: context.nonce,
      local: isLocal(context.env),
      dev: import.meta.env.DEV,
      formActionOrigins: [
        ...optional(checkoutOrigin(context.env)),
        // "Continue with Google" posts here and is redirected on to Google's sign-in page.
        ...(context.env.googleSignIn ? [new URL(context.env.GOOGLE_AUTHORIZATION_URL).origin] : []),
      ],
      styleSources: [await inlineStylesheetSource()],
      connectOrigins: context.env.r2DirectUploads
        ? [`https://${context.env.R2_ACCOUNT_ID}.r2.cloudflarestorage.com`]
        : [],
    });
    // Anything but a shared catalogue page may be about the person asking (an account, an order
    // opened by its link, a basket): no cache between them and us may keep it.
    if (!response.headers.has("Cache-Control") && !isCacheablePageRequest(request, url)) {
      response.headers.set("Cache-Control", "private, no-store");
    }
    if (serverTimingVisible(context.env, await sessionUserIfKnown(context))) {
      response.headers.set("Server-Timing", timing.toHeader(durationMs));
    }
    response.headers.set("X-Request-Id", context.requestId);
    // After a write, this person's next requests read at least what it wrote (decision 018).
    const bookmark = await bookmarkSetCookie(appEnv, request, response, session).catch(() => null);
    if (bookmark) response.headers.append("Set-Cookie", bookmark);
    if (isLocal(context.env) && context.env.KV_ONE_WRITE_PER_SECOND === "1") {
      response.headers.set("X-KV-Writes-Per-Key-Max", String(mostKvWritesPerKeyPerSecond()));
    }

    logger.info("request", {
      method: request.method,
      path: url.pathname,
      route: timing.route,
      status: response.status,
      durationMs: Math.round(durationMs * 10) / 10,
      d1Queries: timing.d1Queries,
      cache: timing.cache,
    });
    writeDataPoint(
      context.metrics,
      requestDataPoint({ method: request.method, status: response.status, durationMs, timing }),
    );
    return response;
  },

  async queue(batch, env, ctx) {
    const context = createRequestContext(new Request("https://queue.internal/"), env, ctx);
    tagInvocation({ queue: batch.queue });
    await measuredJob(context.metrics, "queue", batch.queue, batch.messages.length, async () => {
      if (batch.queue.startsWith("bob-images")) {
        await consumeImageBatch(batch, { ...context, logger: context.logger.child({ queue: batch.queue }) });
        return;
      }
      await consumeEmailBatch(batch, {
        env: context.env,
        db: context.db,
        logger: context.logger.child({ queue: batch.queue }),
        origin: context.env.APP_URL ?? appUrlMissing(),
        queue: context.bindings.EMAIL_QUEUE,
      });
    });
  },

  async scheduled(controller, env, ctx) {
    const context = createRequestContext(new Request("https://cron.internal/"), env, ctx);
    const logger = context.logger.child({ cron: controller.cron });
    // A run that throws is reported by Sentry's wrapper, with this tag.
    tagInvocation({ cron: controller.cron });
    const origin = context.env.APP_URL ?? appUrlMissing();
    const checkAlerts = async () =>
      logger.info("alerts checked", { alerts: await evaluateAlerts(context, { origin }) });
    await measuredJob(context.metrics, "cron", controller.cron, 0, () =>
      withHeartbeat(context, controller.cron, async () => {
        if (controller.cron === CRON.nightlyBackup) {
          try {
            logger.info("backup finished", await runBackup(context, new Date(controller.scheduledTime)));
          } finally {
            // A failed backup shows as a stale one; a successful one ends that incident now.
            await checkAlerts();
          }
        } else if (controller.cron === CRON.weeklyBackupCheck) {
          logger.info("backup checked", await checkNewestBackup(context));
          await checkAlerts();
        } else if (controller.cron === CRON.hourly) {
          try {
            const report = await cleanUpOrphanUploads(
              { d1: env.DB, media: env.MEDIA },
              { olderThanHours: UPLOAD_LIMITS.orphanAfterHours },
            );
            logger.info("orphan cleanup finished", { uploads: report.uploads.length, objects: report.objects.length });
          } finally {
            // Also hourly, so a 5-minute job that keeps failing is still heard about.
            await checkAlerts();
          }
        } else {
          try {
            const released = await releaseExpiredReservations(context);
            const requeued = await requeueStuckEmails(context);
            // "Tell me when it's back" (decision 032): whoever waits for a day that has some now.
            const told = await notifyWhenBack(context, origin);
            // The backstop for a catalogue version that an edit could not mirror to KV (decision 018).
            const republished = await republishCatalogVersion(context).catch((error) => {
              logger.warn("catalogue version not republished", { error: String(error) });
              return false;
            });
            logger.info("cron finished", { released, requeued, republished, ...told });
          } finally {
            // Every 5 minutes: a late job, a stale backup or failed emails are heard about soon.
            await checkAlerts();
          }
        }
      }),
    );
  },
} satisfies ExportedHandler<Env>;

/**
 * With SENTRY_DSN set, every invocation runs inside Sentry's wrapper (decision 023): a cron run or
 * queue batch that throws is reported, and reports made during the invocation are sent before it
 * ends. Without one, the handlers run as they are.
 *
 * The wrapper hands the handler a Proxy of `env` that instruments D1, R2 and queue bindings for
 * tracing, which we do not use (errors only), and which would defeat `parseEnv`'s per-isolate cache
 * (a new Proxy each invocation). So the handlers are given the env the runtime gave us, looked up
 * by the invocation's first argument, which the wrapper passes through unchanged.
 */
const runtimeEnv = new WeakMap<object, Env>();
const reported = withSentry((env: Env) => sentryOptions(env as Env & { SENTRY_DSN?: string }), {
  fetch: (request, env, ctx) => handlers.fetch(request, runtimeEnv.get(request) ?? env, ctx),
  queue: (batch, env, ctx) => handlers.queue(batch, runtimeEnv.get(batch) ?? env, ctx),
  scheduled: (controller, env, ctx) => handlers.scheduled(controller, runtimeEnv.get(controller) ?? env, ctx),
} satisfies ExportedHandler<Env>);

function sentryOn(env: Env): boolean {
  return Boolean((env as { SENTRY_DSN?: string }).SENTRY_DSN);
}

export default {
  fetch(request, env, ctx) {
    if (!sentryOn(env)) return handlers.fetch(request, env, ctx);
    runtimeEnv.set(request, env);
    return reported.fetch(request, env, ctx);
  },
  queue(batch, env, ctx) {
    if (!sentryOn(env)) return handlers.queue(batch, env, ctx);
    runtimeEnv.set(batch, env);
    return reported.queue(batch, env, ctx);
  },
  scheduled(controller, env, ctx) {
    if (!sentryOn(env)) return handlers.scheduled(controller, env, ctx);
    runtimeEnv.set(controller, env);
    return reported.scheduled(controller, env, ctx);
  },
} satisfies ExportedHandler<Env>;

/** Runs a queue batch or cron job and writes its metrics data point, whether it worked or threw. */
async function measuredJob<T>(
  metrics: MetricsSink | undefined,
  kind: "queue" | "cron",
  name: string,
  items: number,
  work: () => Promise<T>,
) {
  const started = performance.now();
  let ok = false;
  try {
    const result = await work();
    ok = true;
    return result;
  } finally {
    writeDataPoint(metrics, jobDataPoint({ kind, name, ok, durationMs: performance.now() - started, items }));
  }
}

function optional<T>(value: T | null): T[] {
  return value === null ? [] : [value];
}

/** Emails sent from the queue have no request to take the shop's address from. */
function appUrlMissing(): never {
  throw new Error("APP_URL is not set: npm run dev, npm run preview and the tests set it for their ports");
}
