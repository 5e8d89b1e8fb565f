import { createCookie } from "react-router";
import { SESSION_REFRESH_SECONDS, SESSION_TTL_SECONDS } from "../../lib/constants";
import { type AppEnv, isLocal } from "../platform/env.server";
import type { RequestContext } from "../platform/request-context.server";

type SessionContext = Pick<RequestContext, "db" | "kv" | "env">;

type StoredSession = { userId: number; epoch: number; refreshedAt: number };

export type SessionUser = { id: number; email: string; name: string; role: "customer" | "staff" | "admin" };

function sessionCookie(env: AppEnv) {
  return createCookie("bob_session", {
    httpOnly: true,
    secure: !isLocal(env),
    sameSite: "lax",
    path: "/",
    // The cookie only carries the id; the server-side TTL (rolling, 24 h) decides if it is valid.
    maxAge: 60 * 60 * 24 * 30,
    secrets: [env.COOKIE_SECRET],
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
  const user = await ctx.db.$client
    .prepare("SELECT session_epoch FROM users WHERE id = ?")
    .bind(userId)
    .first<{ session_epoch: number }>();
  const id = newSessionId();
  const stored: StoredSession = { userId, epoch: user?.session_epoch ?? 0, refreshedAt: Date.now() };
  await ctx.kv.put(sessionKey(ctx.env, id), JSON.stringify(stored), { expirationTtl: SESSION_TTL_SECONDS });
  return sessionCookie(ctx.env).serialize(id);
}

async function readSessionId(env: AppEnv, request: Request): Promise<string | null> {
  const value = await sessionCookie(env).parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[0-9a-f]{64}$/.test(value) ? value : null;
}

/**
 * The signed-in user, or null. A session is valid while its KV entry lives (24 h after last use),
 * the user exists and is not disabled, and its epoch matches the user's current one.
 */
export async function getSessionUser(
  ctx: SessionContext & Pick<RequestContext, "waitUntil">,
  request: Request,
): Promise<SessionUser | null> {
  const id = await readSessionId(ctx.env, request);
  if (!id) return null;
  const stored = await ctx.kv.get<StoredSession>(sessionKey(ctx.env, id), "json");
  if (!stored) return null;
  const user = await ctx.db.$client
    .prepare("SELECT id, email, name, role, session_epoch, disabled_at FROM users WHERE id = ?")
    .bind(stored.userId)
    .first<SessionUser & { session_epoch: number; disabled_at: string | null }>();
  if (!user || user.disabled_at || user.session_epoch !== stored.epoch) return null;
  if (Date.now() - stored.refreshedAt > SESSION_REFRESH_SECONDS * 1000) {
    // Rolling expiry: re-save with a fresh TTL, at most hourly.
    ctx.waitUntil(
      ctx.kv.put(sessionKey(ctx.env, id), JSON.stringify({ ...stored, refreshedAt: Date.now() }), {
        expirationTtl: SESSION_TTL_SECONDS,
      }),
    );
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Signs this browser out; returns the Set-Cookie that clears the cookie. */
export async function endSession(ctx: SessionContext, request: Request): Promise<string> {
  const id = await readSessionId(ctx.env, request);
  if (id) await ctx.kv.delete(sessionKey(ctx.env, id));
  return sessionCookie(ctx.env).serialize("", { maxAge: 0 });
}

/** Signs a user out on every device: their sessions' epoch no longer matches. */
export async function endAllSessions(ctx: Pick<RequestContext, "db">, userId: number): Promise<void> {
  await ctx.db.$client.prepare("UPDATE users SET session_epoch = session_epoch + 1 WHERE id = ?").bind(userId).run();
}
