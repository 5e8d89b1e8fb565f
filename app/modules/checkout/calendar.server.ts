import { asc, gte } from "drizzle-orm";
import { closures, collectionWindows, shopWeekdays } from "../../../database/schema";
import { openingHours } from "../../lib/opening-hours";
import { edgeCacheDelete, edgeCacheGet, edgeCachePut } from "../cache/edge-cache.server";
import { isolateMemo } from "../cache/isolate-memo";
import type { Database } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { type ShopCalendar, shopLocalDateTime } from "./slots";

type CalendarContext = Pick<RequestContext, "db" | "env" | "waitUntil" | "logger" | "memo" | "url">;

/** The shop's calendar from D1, in one batch; closures from `today` on (past ones no longer matter). */
export async function readShopCalendar(db: Database, today: string): Promise<ShopCalendar> {
  const [weekdays, windows, shut] = await db.batch([
    db.select().from(shopWeekdays).orderBy(asc(shopWeekdays.weekday)),
    db
      .select({
        startsAt: collectionWindows.startsAt,
        endsAt: collectionWindows.endsAt,
        capacity: collectionWindows.capacity,
      })
      .from(collectionWindows)
      .orderBy(asc(collectionWindows.startsAt)),
    db.select().from(closures).where(gte(closures.date, today)).orderBy(asc(closures.date)),
  ]);
  return { weekdays, windows, closures: Object.fromEntries(shut.map((row) => [row.date, row.reason])) };
}

/**
 * How long a data centre keeps its copy of the calendar: an edit drops the copy where it was made
 * at once and everywhere else within this (decision 018).
 */
const CALENDAR_CACHE_SECONDS = 60;

/**
 * The calendar for pages and checkout, from this data centre's cache (docs/decisions/018): every
 * page's footer and every checkout read it, and it changes a few times a year, so it is kept apart
 * from the catalogue version (a product edit does not retire it) and from orders (which never
 * change it). Elsewhere a copy may be up to a minute behind an edit, which only shows: checkout
 * checks the chosen day against D1.
 */
export function loadShopCalendar(ctx: CalendarContext, today: string): Promise<ShopCalendar> {
  const memoKey = "shop-calendar";
  const memo = ctx.memo.get(memoKey) as Promise<ShopCalendar> | undefined;
  const everything = memo ?? readThroughEdgeCache(ctx);
  if (!memo) ctx.memo.set(memoKey, everything);
  return everything.then((calendar) => ({
    ...calendar,
    closures: Object.fromEntries(Object.entries(calendar.closures).filter(([date]) => date >= today)),
  }));
}

const calendarKey = (ctx: Pick<RequestContext, "env">) => `${ctx.env.CACHE_NAMESPACE}:shop-calendar`;

/**
 * The copy this isolate read last, reused for `SHARED_STATE_TRUST_MS` (a second by default): in a
 * rush every rendered page's footer needs it, and this makes that one Cache API read a second per
 * isolate instead of one per page.
 */
const lastCalendar = isolateMemo<ShopCalendar>();

async function readThroughEdgeCache(ctx: CalendarContext): Promise<ShopCalendar> {
  const trusted = lastCalendar.get(ctx.env.SHARED_STATE_TRUST_MS);
  if (trusted) return trusted;
  const remember = lastCalendar.reading();
  let calendar = await edgeCacheGet<ShopCalendar>(ctx, calendarKey(ctx));
  if (!calendar) {
    // Every closure, past ones too: the copy serves any "today" until it expires.
    calendar = await readShopCalendar(ctx.db, "0000-01-01");
    edgeCachePut(ctx, calendarKey(ctx), calendar, CALENDAR_CACHE_SECONDS);
  }
  remember(calendar);
  return calendar;
}

/** After a calendar edit has committed: the next read here takes it from D1. */
export function forgetShopCalendar(ctx: Pick<RequestContext, "env" | "url" | "waitUntil" | "logger" | "memo">) {
  lastCalendar.forget();
  return edgeCacheDelete(ctx, calendarKey(ctx));
}

/** "Tuesday to Saturday, 08:00–16:00" as the calendar says now, for an email's footer (not cached: emails are few). */
export async function openingHoursNow(db: Database): Promise<string> {
  return openingHours(await readShopCalendar(db, "9999-12-31"));
}

/** "Tuesday to Saturday, 08:00–16:00" for the site footer, from the cached calendar. */
export async function shopOpeningHours(ctx: CalendarContext & Pick<RequestContext, "now">): Promise<string> {
  return openingHours(await loadShopCalendar(ctx, shopLocalDateTime(ctx.now()).slice(0, 10)));
}
