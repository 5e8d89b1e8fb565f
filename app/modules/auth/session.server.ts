import { eq, sql } from "drizzle-orm";
import { users } from "../../../database/schema";
import { SESSION_REFRESH_SECONDS, SESSION_TTL_SECONDS } from "../../lib/constants";
import { signedCookie } from "../platform/cookies.server";
import type { AppEnv } from "../platform/env.server";
import type { RequestContext } from "../platform/request-context.server";

type SessionContext = Pick<RequestContext, "db" | "kv" | "env">;

type StoredSession = {
  userId: number;
  epoch: number;
  refreshedAt: number;
  /** When the person last proved who they are again in this session (Google re-authentication). */
  reauthenticatedAt?: number;
};

export type SessionUser = {
  id: number;
  email: string;
  name: string;
  role: "customer" | "staff" | "admin";
  /** Whether two-step sign-in is on (required of staff and admins where the shop is deployed). */
  twoFactor: boolean;
  /** When this session last re-authenticated with Google (ms), for changes a password would guard. */
  reauthenticatedAt: number | null;
};

function sessionCookie(env: AppEnv) {
  return signedCookie(env, "bob_session", {
    // The cookie only carries the id; the server-side TTL (rolling, 24 h) decides if it is valid.
    maxAge: 60 * 60 * 24 * 30,
  });
}

const sessionKey = (env: AppEnv, id: string) => `${env.CACHE_NAMESPACE}:session:${id}`;

function newSessionId(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Starts a session for a user who just proved who they are. Always a new random id, so a session
 * id planted before sign-in is worthless (no fixation); any session the request carried is ended.
 */
export async function startSession(ctx: SessionContext, request: Request, userId: number): Promise<string> {
  await endSession(ctx, request);
  const [user] = await ctx.db.select({ epoch: users.sessionEpoch }).from(users).where(eq(users.id, userId));
  const id = newSessionId();
  const stored: StoredSession = { userId, epoch: user?.epoch ?? 0, refreshedAt: Date.now() };
  await ctx.kv.put(sessionKey(ctx.env, id), JSON.stringify(stored), { expirationTtl: SESSION_TTL_SECONDS });
  return sessionCookie(ctx.env).serialize(id);
}

async function readSessionId(env: AppEnv, request: Request): Promise<string | null> {
  const value = await sessionCookie(env).parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[0-9a-f]{64}$/.test(value) ? value : null;
}

const SESSION_USER_MEMO = "session-user";

/**
 * The signed-in user, or null. A session is valid while its KV entry lives (24 h after last use),
 * the user exists and is not disabled, and its epoch matches the user's current one. Looked up
 * once per request however many loaders ask.
 */
export function getSessionUser(
  ctx: SessionContext & Pick<RequestContext, "waitUntil" | "memo">,
  request: Request,
): Promise<SessionUser | null> {
  let lookup = ctx.memo.get(SESSION_USER_MEMO) as Promise<SessionUser | null> | undefined;
  if (!lookup) {
    lookup = lookUpSessionUser(ctx, request);
    ctx.memo.set(SESSION_USER_MEMO, lookup);
  }
  return lookup;
}

/** The user this request was found to be signed in as, if anything asked; never a lookup of its own. */
export async function sessionUserIfKnown(ctx: Pick<RequestContext, "memo">): Promise<SessionUser | null> {
  const lookup = ctx.memo.get(SESSION_USER_MEMO) as Promise<SessionUser | null> | undefined;
  return lookup ? await lookup.catch(() => null) : null;
}

async function lookUpSessionUser(
  ctx: SessionContext & Pick<RequestContext, "waitUntil">,
  request: Request,
): Promise<SessionUser | null> {
  const id = await readSessionId(ctx.env, request);
  if (!id) return null;
  const stored = await ctx.kv.get<StoredSession>(sessionKey(ctx.env, id), "json");
  if (!stored) return null;
  const [user] = await ctx.db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      epoch: users.sessionEpoch,
      disabledAt: users.disabledAt,
      twoFactorAt: users.totpEnabledAt,
    })
    .from(users)
    .where(eq(users.id, stored.userId));
  if (!user || user.disabledAt || user.epoch !== stored.epoch) return null;
  if (Date.now() - stored.refreshedAt > SESSION_REFRESH_SECONDS * 1000) {
    // Rolling expiry: re-save with a fresh TTL, at most hourly.
    ctx.waitUntil(
      ctx.kv.put(sessionKey(ctx.env, id), JSON.stringify({ ...stored, refreshedAt: Date.now() }), {
        expirationTtl: SESSION_TTL_SECONDS,
      }),
    );
  }
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    twoFactor: user.twoFactorAt !== null,
    reauthenticatedAt: stored.reauthenticatedAt ?? null,
  };
}

/** Records that the person behind this session has just proved who they are again. */
export async function markSessionReauthenticated(ctx: SessionContext, request: Request): Promise<boolean> {
  const id = await readSessionId(ctx.env, request);
  if (!id) return false;
  const stored = await ctx.kv.get<StoredSession>(sessionKey(ctx.env, id), "json");
  if (!stored) return false;
  const now = Date.now();
  await ctx.kv.put(sessionKey(ctx.env, id), JSON.stringify({ ...stored, refreshedAt: now, reauthenticatedAt: now }), {
    expirationTtl: SESSION_TTL_SECONDS,
  });
  return true;
}

/** Signs this browser out; returns the Set-Cookie that clears the cookie. */
export async function endSession(ctx: SessionContext, request: Request): Promise<string> {
  const id = await readSessionId(ctx.env, request);
  if (id) await ctx.kv.delete(sessionKey(ctx.env, id));
  return sessionCookie(ctx.env).serialize("", { maxAge: 0 });
}

/** Signs a user out on every device: their sessions' epoch no longer matches. */
export async function endAllSessions(ctx: Pick<RequestContext, "db">, userId: number): Promise<void> {
  await ctx.db
    .update(users)
    .set({ sessionEpoch: sql`${users.sessionEpoch} + 1` })
    .where(eq(users.id, userId));
}
