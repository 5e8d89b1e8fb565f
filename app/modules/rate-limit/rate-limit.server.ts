import type { RateLimitName } from "../../lib/constants";
import type { RequestContext } from "../platform/request-context.server";

export type RateLimitResult =
  | { allowed: true }
  | {
      allowed: false;
      retryAfterSeconds: number;
      /** The counters that have just started refusing (the first refusal of their window). */
      newlyRefused: RateLimitName[];
    };

/**
 * The client as rate limits and holds know it: its address as Cloudflare reports it, with an IPv6
 * address cut to its /64 (one subscriber's whole allocation, which they can rotate through at
 * will) and an IPv4-mapped IPv6 address read as IPv4. The one place client addresses are read.
 */
export function clientIp(request: Request): string {
  const reported = request.headers.get("CF-Connecting-IP")?.trim();
  if (!reported) return "local";
  if (!reported.includes(":")) return reported;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(reported);
  if (mapped?.[1]) return mapped[1];
  const prefix = ipv6Prefix64(reported);
  return prefix ? `${prefix}::/64` : reported;
}

/**
 * A stable, keyed hash of the client for storing beside its orders: counts by client work, the
 * address itself is never kept.
 */
export async function clientKey(ctx: Pick<RequestContext, "env">, request: Request): Promise<string> {
  const input = new TextEncoder().encode(`${ctx.env.COOKIE_SECRET}:client:${clientIp(request)}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", input));
  return [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The first four groups of an IPv6 address, expanded ("2001:db8::1" → "2001:db8:0:0"). */
function ipv6Prefix64(address: string): string | null {
  const [head = "", tail, ...rest] = address.toLowerCase().split("%")[0]?.split("::") ?? [];
  if (rest.length > 0) return null;
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right];
  if (!groups.slice(0, 4).every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":");
}

/**
 * Counts one attempt against every counter given, each a limit and a key (`["signIn",
 * "ip:203.0.113.9"]`); refused when any of them is over its limit. Every counter is counted even
 * when another refuses, so an attacker cannot use one key's allowance to probe another. The limits
 * are the environment's (production's unless overridden); nothing skips them.
 */
export async function checkRateLimit(
  ctx: Pick<RequestContext, "bindings" | "env">,
  counters: [RateLimitName, string][],
): Promise<RateLimitResult> {
  const results = await Promise.all(
    counters.map(async ([name, key]) => {
      const { limit, windowSeconds } = ctx.env.rateLimits[name];
      const stub = ctx.bindings.RATE_LIMITER.get(ctx.bindings.RATE_LIMITER.idFromName(`${name}:${key}`));
      return { name, ...(await stub.hit(limit, windowSeconds)) };
    }),
  );
  const refused = results.filter((r) => !r.allowed);
  if (refused.length === 0) return { allowed: true };
  return {
    allowed: false,
    retryAfterSeconds: Math.max(...refused.map((r) => r.retryAfterSeconds)),
    newlyRefused: refused.filter((r) => r.firstRefusal).map((r) => r.name),
  };
}

/** The wait in words, for every refused form (the forms kit) and JSON answer. */
export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  return `Too many attempts. Please wait ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"} and try again.`;
}
