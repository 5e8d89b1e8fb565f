import { signedCookie } from "./cookies.server";
import type { AppEnv } from "./env.server";

/**
 * D1 read replication through the Sessions API (decision 018): a request's reads may go to a
 * replica near it, and a person always reads their own writes. After a request that wrote (any
 * method but GET or HEAD), the session's bookmark is given back in a short-lived cookie; the next
 * requests carry it and read a copy at least that fresh. Anonymous browsing carries no such
 * cookie, so it stays shareable by the page cache. The cookie is signed, so only bookmarks D1 gave
 * us are ever passed back to it.
 */
const BOOKMARK_COOKIE = "bob_d1";

/** Replicas catch up within seconds; a minute covers the redirect after a write and a little more. */
const BOOKMARK_MAX_AGE_SECONDS = 60;

const bookmarkCookie = (env: AppEnv) => signedCookie(env, BOOKMARK_COOKIE, { maxAge: BOOKMARK_MAX_AGE_SECONDS });

/** Bookmarks are hex groups joined by dashes; anything else is not ours and is ignored. */
const BOOKMARK = /^[0-9a-f]{8}(?:-[0-9a-f]{8,}){1,6}$/i;

/** The bookmark this request carries (after its own earlier write), or null. */
export async function bookmarkOf(env: AppEnv, request: Request): Promise<string | null> {
  const header = request.headers.get("Cookie");
  if (!header?.includes(`${BOOKMARK_COOKIE}=`)) return null;
  const value = await bookmarkCookie(env).parse(header);
  return typeof value === "string" && BOOKMARK.test(value) ? value : null;
}

/**
 * This request's D1 session. A request that writes (a form, a webhook) reads from the primary: its
 * checks must see the newest rows (an order a webhook names was written seconds ago). A page view
 * reads any nearby copy, or one at least as fresh as its bookmark after its own write.
 */
export function openD1Session(binding: D1Database, request: Request, bookmark: string | null): D1DatabaseSession {
  if (request.method !== "GET" && request.method !== "HEAD") return binding.withSession("first-primary");
  return binding.withSession(bookmark ?? "first-unconstrained");
}

/**
 * After a request that wrote: the cookie that lets its next requests read what it wrote. A refused
 * form (4xx) or a failure wrote nothing the person will read back, so it gets none.
 */
export async function bookmarkSetCookie(
  env: AppEnv,
  request: Request,
  response: Response,
  session: D1DatabaseSession | null,
): Promise<string | null> {
  if (!session || request.method === "GET" || request.method === "HEAD" || response.status >= 400) return null;
  const bookmark = session.getBookmark();
  if (!bookmark || !BOOKMARK.test(bookmark)) return null;
  return bookmarkCookie(env).serialize(bookmark);
}
