import { data } from "react-router";
import { RATE_LIMITS, type RateLimitName } from "../../lib/constants";
import type { RequestContext } from "../platform/request-context.server";

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The client address as Cloudflare reports it; local development has none. */
export function clientIp(request: Request): string {
  return request.headers.get("CF-Connecting-IP") ?? "local";
}

/**
 * Counts one attempt against every key given (e.g. the IP and the account); refused when any of
 * them is over its limit. Keys are counted even when another refuses, so an attacker cannot use
 * one key's allowance to probe another.
 */
export async function checkRateLimit(
  ctx: Pick<RequestContext, "bindings">,
  name: RateLimitName,
  keys: string[],
): Promise<RateLimitResult> {
  const { limit, windowSeconds } = RATE_LIMITS[name];
  const results = await Promise.all(
    keys.map((key) => {
      const stub = ctx.bindings.RATE_LIMITER.get(ctx.bindings.RATE_LIMITER.idFromName(`${name}:${key}`));
      return stub.hit(limit, windowSeconds);
    }),
  );
  const refused = results.filter((r) => !r.allowed);
  if (refused.length === 0) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(...refused.map((r) => r.retryAfterSeconds)) };
}

/**
 * The answer to a refused form post: 429 with Retry-After, the message shown on the form, the
 * values kept (but never a password).
 */
export function tooManyAttempts(
  submission: { reply: (options: { formErrors: string[]; hideFields?: string[] }) => unknown },
  retryAfterSeconds: number,
  hideFields: string[] = ["password"],
) {
  return data(
    { result: submission.reply({ formErrors: [tooManyAttemptsMessage(retryAfterSeconds)], hideFields }) },
    { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}

export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  return `Too many attempts. Please wait ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"} and try again.`;
}
