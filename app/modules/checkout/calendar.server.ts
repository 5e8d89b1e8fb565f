import { asc, gte } from "drizzle-orm";
import { closures, collectionWindows, shopWeekdays } from "../../../database/schema";
import { openingHours } from "../../lib/opening-hours";
import { shopCalendarKey } from "../cache/keys";
import type { Database } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { type ShopCalendar, shopLocalDateTime } from "./slots";

type CalendarContext = Pick<RequestContext, "db" | "kv" | "env" | "timing" | "waitUntil" | "logger" | "memo">;

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

/** How long a KV copy of the calendar lives without an edit (it is also dropped by every edit). */
const CALENDAR_CACHE_TTL_SECONDS = 60 * 60 * 24;

/**
 * The calendar for pages and checkout, from its own KV entry (decision 017): every page's footer
 * and every checkout read it, and it changes a few times a year, so it is not tied to the
 * catalogue version (which every sale moves). A calendar edit deletes the entry
 * (`forgetShopCalendar`); KV may serve the old copy for up to a minute elsewhere, which only
 * shows: checkout checks the chosen day against D1 (start-checkout, the plan's rules).
 */
export function loadShopCalendar(ctx: CalendarContext, today: string): Promise<ShopCalendar> {
  const memoKey = "shop-calendar";
  const memo = ctx.memo.get(memoKey) as Promise<ShopCalendar> | undefined;
  const everything = memo ?? readThroughKv(ctx);
  if (!memo) ctx.memo.set(memoKey, everything);
  return everything.then((calendar) => ({
    ...calendar,
    closures: Object.fromEntries(Object.entries(calendar.closures).filter(([date]) => date >= today)),
  }));
}

async function readThroughKv(ctx: CalendarContext): Promise<ShopCalendar> {
  const key = shopCalendarKey(ctx.env.CACHE_NAMESPACE);
  const cached = await ctx.kv.get<ShopCalendar>(key, "json");
  if (cached) return cached;
  // Every closure, past ones too: the copy serves any "today" until it expires.
  const calendar = await readShopCalendar(ctx.db, "0000-01-01");
  ctx.waitUntil(
    ctx.kv.put(key, JSON.stringify(calendar), { expirationTtl: CALENDAR_CACHE_TTL_SECONDS }).catch((error) => {
      ctx.logger.warn("calendar cache write failed", { error: String(error) });
    }),
  );
  return calendar;
}

/** After a calendar edit has committed: the next read takes it from D1. */
export async function forgetShopCalendar(ctx: Pick<RequestContext, "kv" | "env" | "logger">): Promise<void> {
  try {
    await ctx.kv.delete(shopCalendarKey(ctx.env.CACHE_NAMESPACE));
  } catch (error) {
    ctx.logger.warn("calendar cache not cleared", { error: String(error) });
  }
}

/** "Tuesday to Saturday, 08:00–16:00" as the calendar says now, for an email's footer (not cached: emails are few). */
export async function openingHoursNow(db: Database): Promise<string> {
  return openingHours(await readShopCalendar(db, "9999-12-31"));
}

/** "Tuesday to Saturday, 08:00–16:00" for the site footer, from the cached calendar. */
export async function shopOpeningHours(ctx: CalendarContext & Pick<RequestContext, "now">): Promise<string> {
  return openingHours(await loadShopCalendar(ctx, shopLocalDateTime(ctx.now()).slice(0, 10)));
}
