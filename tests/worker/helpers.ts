import { createExecutionContext, env, SELF } from "cloudflare:test";
import { catalogChange, publishCatalogChange } from "../../app/modules/cache/catalog-changes.server";
import { takeNotice } from "../../app/modules/notices/flash.server";
import { parseEnv } from "../../app/modules/platform/env.server";
import { createRequestContext } from "../../app/modules/platform/request-context.server";
import { testPorts } from "../../scripts/lib/test-ports.ts";

export const ORIGIN = "https://shop.test";

/** A request context like the Worker entry builds, for calling modules directly. */
export function testContext(path = "/") {
  return createRequestContext(new Request(`${ORIGIN}${path}`), env, createExecutionContext());
}

export async function get(path: string, init?: RequestInit) {
  const response = await SELF.fetch(`${ORIGIN}${path}`, init);
  const isText = /^(text\/|application\/(json|xml))/.test(response.headers.get("Content-Type") ?? "");
  // Binary bodies are drained (so the connection is released) but not decoded.
  const html = isText ? await response.text() : "";
  if (!isText) await response.arrayBuffer();
  return { response, html, timing: parseServerTiming(response.headers.get("Server-Timing")) };
}

/** Reads our Server-Timing header: `cache;desc="hit"`, `d1;dur=…;desc="N queries"`. */
export function parseServerTiming(header: string | null) {
  const cache = header?.match(/cache;desc="(hit|miss)"/)?.[1] ?? null;
  const page = header?.match(/page;desc="(hit|miss|bypass)"/)?.[1] ?? null;
  const d1Queries = Number(header?.match(/d1;dur=[\d.]+;desc="(\d+) queries"/)?.[1] ?? Number.NaN);
  return { cache, page, d1Queries };
}

/** Product names on a listing page, in order, from the card headings. */
export function productNames(html: string): string[] {
  return [...html.matchAll(/<h[23][^>]*><a[^>]*href="\/products\/[^"]+"[^>]*>([^<]+)<\/a><\/h[23]>/g)].map((m) =>
    decodeEntities(m[1] ?? ""),
  );
}

function decodeEntities(text: string) {
  return text
    .replace(/&amp;/g, "&")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"');
}

/**
 * Posts a form the way a browser does (same-origin), optionally with cookies. Each call comes from
 * its own client address unless one is given, so rate limits only bite where a test means them to.
 */
export async function postForm(
  path: string,
  fields: Record<string, string | number>,
  cookie?: string,
  ip = `198.51.100.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`,
) {
  const body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));
  const headers: Record<string, string> = {
    Origin: ORIGIN,
    "Content-Type": "application/x-www-form-urlencoded",
    "CF-Connecting-IP": ip,
  };
  if (cookie) headers.Cookie = cookie;
  const response = await SELF.fetch(`${ORIGIN}${path}`, { method: "POST", body, headers, redirect: "manual" });
  return { response, html: await response.text() };
}

/** The name=value part of a Set-Cookie header, ready to send back. */
export function cookieFrom(response: Response): string {
  return (response.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
}

/** The notice a response carries to the next page (its flash cookie), as that page shows it. */
export async function noticeOf(response: Response): Promise<string | null> {
  const cookie = response.headers
    .getSetCookie()
    .find((header) => header.startsWith("bob_notice="))
    ?.split(";")[0];
  if (!cookie) return null;
  const { notice } = await takeNotice({ env: parseEnv(env) }, new Request(ORIGIN, { headers: { Cookie: cookie } }));
  return notice?.message ?? null;
}

/** The page a redirect leads to, fetched as the browser would: with its cookies and the notice. */
export async function pageAfter(response: Response, cookie = "") {
  const notice = response.headers
    .getSetCookie()
    .find((header) => header.startsWith("bob_notice="))
    ?.split(";")[0];
  const cookies = [cookie, notice].filter(Boolean).join("; ");
  return get(response.headers.get("Location") ?? "/", cookies ? { headers: { Cookie: cookies } } : undefined);
}

/**
 * Starts the catalogue at a version no earlier test file has used. The Cache API outlives
 * `reset()` between files while D1's version starts again from the migration's, so a file that
 * checks what a catalogue change shows (a page cached under the next version) must not find an
 * earlier file's copy under the same number. In production the version only grows.
 */
export async function freshCatalogVersion() {
  await env.DB.prepare("UPDATE catalog_meta SET version = ? WHERE id = 1")
    .bind(Date.now() % 1_000_000_000)
    .run();
  await retireCatalogCache();
}

/** After a raw SQL write in a test: retire every cached catalogue entry, as catalogue writes do. */
export async function retireCatalogCache() {
  const ctx = testContext();
  await publishCatalogChange(ctx, [await catalogChange(ctx.db)]);
}

let accountCounter = 0;

/**
 * Creates an account the way a person does and signs it in with its password: signing up only
 * mails a confirmation link (the answer is the same for an address that is taken), so the session
 * comes from /login. The email stays unconfirmed.
 */
export async function signUpAndSignIn(fields: { name: string; email: string; password: string }) {
  const signup = await postForm("/signup", fields);
  if (signup.response.status !== 303) throw new Error(`sign-up answered ${signup.response.status}`);
  const { response } = await postForm("/login", { email: fields.email, password: fields.password });
  return { email: fields.email, cookie: cookieFrom(response), response };
}

/** A new signed-in account with the given role; returns its email, id and session cookie. */
export async function signedInAs(role: "customer" | "staff" | "admin", name = `Test ${role}`) {
  const email = `${role}${Date.now()}${accountCounter++}@example.com`;
  const { cookie } = await signUpAndSignIn({ name, email, password: "a good long password" });
  const row = await env.DB.prepare("UPDATE users SET role = ? WHERE email = ? RETURNING id")
    .bind(role, email)
    .first<{ id: number }>();
  return { email, id: row?.id ?? 0, cookie };
}

/** Posts multipart form data (files included) the way a browser does without JavaScript. */
export async function postMultipart(path: string, form: FormData, cookie: string) {
  const response = await SELF.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    body: form,
    headers: { Origin: ORIGIN, Cookie: cookie, "CF-Connecting-IP": `203.0.113.${Math.floor(Math.random() * 250)}` },
    redirect: "manual",
  });
  return { response, html: await response.text() };
}

/** The worker tests' stand-ins (global-setup.ts): Sentry's and Analytics Engine's copies live there. */
export const STANDIN = `http://127.0.0.1:${testPorts().worker}`;
const metricsPointsUrl = (dataset: string) => `${STANDIN}/__standin/analytics-engine/${dataset}`;

async function pointCount(dataset: string): Promise<number> {
  return ((await (await fetch(metricsPointsUrl(dataset))).json()) as { points: number }).points;
}

/**
 * Empties the stand-in's metrics dataset once no more points are arriving: the Worker posts each
 * request's point after the response, so the last test's may still be on their way.
 */
export async function clearMetrics(dataset = "bob_metrics_dev") {
  let before = -1;
  for (let i = 0; i < 20; i++) {
    const now = await pointCount(dataset);
    if (now === before) break;
    before = now;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await fetch(metricsPointsUrl(dataset), { method: "DELETE" });
}

/** Waits until the stand-in holds `count` metrics points (the Worker posts them after each response). */
export async function metricsPoints(count: number, dataset = "bob_metrics_dev"): Promise<number> {
  let points = 0;
  for (let i = 0; i < 100 && points < count; i++) {
    points = await pointCount(dataset);
    if (points < count) await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return points;
}

/** Posts data points straight to the stand-in, as if the Worker had written them. */
export async function writeMetrics(points: AnalyticsEngineDataPoint[], dataset = "bob_metrics_dev") {
  for (const point of points) await fetch(metricsPointsUrl(dataset), { method: "POST", body: JSON.stringify(point) });
}

/** Error events the Sentry stand-in received (the Worker reports there in these tests). */
export type SentryEvent = {
  tags?: Record<string, string>;
  release?: string;
  environment?: string;
  message?: string;
  level?: string;
  exception?: { values?: { type?: string; value?: string }[] };
  request?: { url?: string; headers?: Record<string, string>; cookies?: unknown; data?: unknown };
  envelope: string;
};

async function sentryEventsWhere(match: (event: SentryEvent) => boolean): Promise<SentryEvent[]> {
  const response = await fetch(`${STANDIN}/__standin/sentry/events`);
  const { data } = (await response.json()) as { data: SentryEvent[] };
  return data.filter(match);
}

/** Waits for the first matching event, then a moment more, so a second one would have arrived too. */
export async function reportedEvents(match: (event: SentryEvent) => boolean): Promise<SentryEvent[]> {
  for (let i = 0; i < 100; i++) {
    if ((await sentryEventsWhere(match)).length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  return sentryEventsWhere(match);
}
