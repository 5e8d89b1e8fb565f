import { redirect } from "react-router";
import { signedCookie } from "../platform/cookies.server";
import type { AppEnv } from "../platform/env.server";
import type { RequestContext } from "../platform/request-context.server";

/**
 * What a page says once after a form did its work ("Category saved."), carried across the 303 in a
 * signed cookie (docs/decisions/013-flash-notices.md): shown on the next page only, not part of any
 * address (so not bookmarkable or shareable), and the same with or without JavaScript.
 */
export type Notice = { kind: "success" | "error"; message: string };

/** A notice as the page shows it: the id tells one notice from the next with the same words. */
export type ShownNotice = Notice & { id: string };

type NoticeContext = Pick<RequestContext, "env">;

function noticeCookie(env: AppEnv) {
  return signedCookie(env, "bob_notice", {
    // Long enough for the redirect to land, short enough that a stale one never surprises anyone.
    maxAge: 60,
  });
}

/** The Set-Cookie header that carries `notice` to the next page. */
export function noticeCookieHeader(ctx: NoticeContext, notice: Notice): Promise<string> {
  const shown: ShownNotice = { ...notice, id: crypto.randomUUID() };
  return noticeCookie(ctx.env).serialize(shown);
}

/**
 * The one way an action answers success: a 303 to `to` carrying `notice`. `headers` adds the
 * action's own (a session cookie, say); both cookies are set.
 */
export async function redirectWithNotice(
  ctx: NoticeContext,
  to: string,
  notice: Notice | string,
  headers: HeadersInit = {},
): Promise<Response> {
  const combined = new Headers(headers);
  const asNotice = typeof notice === "string" ? { kind: "success" as const, message: notice } : notice;
  combined.append("Set-Cookie", await noticeCookieHeader(ctx, asNotice));
  return redirect(to, { status: 303, headers: combined });
}

/** The notice this request carries, if any, and the header that spends it (shown once). */
export async function takeNotice(
  ctx: NoticeContext,
  request: Request,
): Promise<{ notice: ShownNotice | null; spend: HeadersInit | undefined }> {
  const header = request.headers.get("Cookie");
  if (!header?.includes("bob_notice=")) return { notice: null, spend: undefined };
  const value: unknown = await noticeCookie(ctx.env).parse(header);
  const spend = { "Set-Cookie": await noticeCookie(ctx.env).serialize("", { maxAge: 0 }) };
  return { notice: isShownNotice(value) ? value : null, spend };
}

function isShownNotice(value: unknown): value is ShownNotice {
  if (!value || typeof value !== "object") return false;
  const { kind, message, id } = value as Record<string, unknown>;
  return (kind === "success" || kind === "error") && typeof message === "string" && typeof id === "string";
}
