import type { RequestContext } from "../platform/request-context.server";
import { type Slot, slotCapacity } from "./slots";

export type SlotOption = Slot & { full: boolean };

/** Marks the slots that have no room left, in one query for the whole fortnight. */
export async function withAvailability(ctx: Pick<RequestContext, "db">, slots: Slot[]): Promise<SlotOption[]> {
  if (slots.length === 0) return [];
  const { results } = await ctx.db.$client
    .prepare("SELECT slot_date, slot_time, booked FROM slot_bookings WHERE slot_date BETWEEN ? AND ?")
    .bind(slots[0]?.date, slots.at(-1)?.date)
    .all<{ slot_date: string; slot_time: string; booked: number }>();
  const booked = new Map(results.map((r) => [`${r.slot_date}|${r.slot_time}`, r.booked]));
  return slots.map((s) => ({ ...s, full: (booked.get(`${s.date}|${s.time}`) ?? 0) >= slotCapacity(s.time) }));
}
