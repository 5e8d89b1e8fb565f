import { between } from "drizzle-orm";
import { slotBookings } from "../../../database/schema";
import type { RequestContext } from "../platform/request-context.server";
import { type ShopCalendar, type Slot, slotCapacity } from "./slots";

export type SlotOption = Slot & { full: boolean };

/** Marks the slots that have no room left, in one query for the whole fortnight. */
export async function withAvailability(
  ctx: Pick<RequestContext, "db">,
  calendar: ShopCalendar,
  slots: Slot[],
): Promise<SlotOption[]> {
  if (slots.length === 0) return [];
  const results = await ctx.db
    .select({ slotDate: slotBookings.slotDate, slotTime: slotBookings.slotTime, booked: slotBookings.booked })
    .from(slotBookings)
    .where(between(slotBookings.slotDate, slots[0]?.date ?? "", slots.at(-1)?.date ?? ""));
  const booked = new Map(results.map((r) => [`${r.slotDate}|${r.slotTime}`, r.booked]));
  return slots.map((s) => ({ ...s, full: (booked.get(`${s.date}|${s.time}`) ?? 0) >= slotCapacity(calendar, s) }));
}
