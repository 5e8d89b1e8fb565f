import { and, eq } from "drizzle-orm";
import { bakeOverrides, dayHolds } from "../../../database/schema";
import type { RequestContext } from "../platform/request-context.server";

export type PlanEditResult = { ok: true } | { ok: false; held: number };

/**
 * Sets how many of a product are baked on one date (an extra batch, or 0 for none that day). The
 * override and the day's reservation counter change in one batch, so checkout's CHECK holds the
 * new number at once; fewer than orders already hold is refused, with how many they hold. Every
 * writer of a day's plan goes through here (decision 017), so counter and plan never disagree.
 */
export async function setDayQuantity(
  ctx: Pick<RequestContext, "db">,
  productId: number,
  date: string,
  quantity: number,
): Promise<PlanEditResult> {
  try {
    await ctx.db.batch([
      ctx.db
        .insert(bakeOverrides)
        .values({ productId, date, quantity })
        .onConflictDoUpdate({ target: [bakeOverrides.productId, bakeOverrides.date], set: { quantity } }),
      ctx.db
        .update(dayHolds)
        .set({ planned: quantity })
        .where(and(eq(dayHolds.productId, productId), eq(dayHolds.bakeDate, date))),
    ]);
    return { ok: true };
  } catch (error) {
    if (!String(error).includes("day_holds_within_plan")) throw error;
    const row = await ctx.db
      .select({ held: dayHolds.held })
      .from(dayHolds)
      .where(and(eq(dayHolds.productId, productId), eq(dayHolds.bakeDate, date)))
      .get();
    return { ok: false, held: row?.held ?? 0 };
  }
}
