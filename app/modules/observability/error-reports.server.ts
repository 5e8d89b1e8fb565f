/**
 * Error reports to Sentry (issue 16, decision 023): the one way the shop tells someone about an
 * error nobody saw. `@sentry/cloudflare` wraps the Worker's fetch, scheduled and queue handlers
 * (workers/app.ts), so a failed cron run is reported by the SDK itself; the errors we catch on
 * purpose are reported here: a loader or action that threw (React Router's handleError) and an
 * email given up on (the dead-letter consumer).
 *
 * Off without SENTRY_DSN. Locally and in tests the DSN points at the stand-in
 * (scripts/standins/server.ts), which keeps the envelopes it receives.
 */
import type { ErrorEvent } from "@sentry/cloudflare";
import * as Sentry from "@sentry/cloudflare";
import { SAFE_HEADERS, scrubEvent } from "./scrub";

/** What identifies where an error happened: always our own values, never a URL or a person's data. */
export type ReportTags = {
  request_id?: string;
  route?: string | null;
  cron?: string;
  queue?: string;
  outbox_id?: string;
  upload_id?: string;
};

type SentryBindings = {
  SENTRY_DSN?: string;
  APP_ENV?: string;
  CF_VERSION_METADATA?: { id: string; tag?: string };
};

/**
 * The SDK's options for one invocation; undefined (no client, nothing sent) without a DSN.
 * The release is the commit the deploy workflow tagged this Worker version with (`--tag <sha>`),
 * else Cloudflare's version id.
 */
export function sentryOptions(env: SentryBindings): Sentry.CloudflareOptions | undefined {
  if (!env.SENTRY_DSN) return undefined;
  const version = env.CF_VERSION_METADATA;
  return {
    dsn: env.SENTRY_DSN,
    environment: env.APP_ENV ?? "development",
    release: version?.tag || version?.id || "unversioned",
    // Errors only: a trace per request would be a subrequest per request.
    tracesSampleRate: 0,
    // Version 11 collects cookies, headers, query strings and bodies unless told not to: only the
    // headers scrub.ts allows, nothing else of the request. scrubEvent is the second line.
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: { request: { allow: [...SAFE_HEADERS] }, response: false },
      httpBodies: [],
      urlQueryParams: false,
      databaseQueryData: false,
      queues: false,
      stackFrameVariables: false,
    },
    beforeSend: (event: ErrorEvent) => scrubEvent(event),
    // Each failure is reported once at its source (decision 023). The SDK's Dedupe would drop an
    // event that looks like the one before it: two customers' requests failing the same way, or
    // two different emails given up on, would be one report. Sentry groups them into one issue
    // anyway, and throttles a flood by its own rate limits, which the SDK obeys.
    integrations: (defaults) => defaults.filter((integration) => integration.name !== "Dedupe"),
    beforeBreadcrumb: (crumb) => (crumb.category === "console" ? null : crumb),
  };
}

function withTags<T>(tags: ReportTags, send: () => T): T {
  return Sentry.withScope((scope) => {
    for (const [name, value] of Object.entries(tags)) if (value) scope.setTag(name, value);
    return send();
  });
}

/** Tags every report of this invocation (a cron run, a queue batch), including the SDK's own. */
export function tagInvocation(tags: ReportTags): void {
  const scope = Sentry.getIsolationScope();
  for (const [name, value] of Object.entries(tags)) if (value) scope.setTag(name, value);
}

/** Reports an error we caught (and answered for) ourselves; a no-op without a DSN. */
export function reportError(error: unknown, tags: ReportTags): void {
  withTags(tags, () => Sentry.captureException(error));
}

/** Reports something that went wrong without an exception (an email given up on). */
export function reportProblem(message: string, tags: ReportTags): void {
  withTags(tags, () => Sentry.captureMessage(message, "error"));
}
