import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { releaseReservation } from "../../app/modules/orders/payment-transitions.server";
import { productDay, sellingDates } from "../../app/modules/production/availability";
import { loadPlan } from "../../app/modules/production/plan.server";
import { testContext } from "./helpers";
import { product, reservedOrder } from "./orders-helpers";

// Saturday 5 December 2026, seen from Tuesday morning.
const SATURDAY = "2026-12-05";
const NOW = "2026-12-01T09:00";
const week = { from: "2026-12-01", to: "2026-12-15" };

async function dayOf(slug: string, date: string, now = NOW) {
  const { id } = await product(slug);
  const { context, plans } = await loadPlan(testContext(), week, [id]);
  const plan = plans.get(id);
  if (!plan) throw new Error(`no plan for ${slug}`);
  return productDay(context, plan, date, now);
}

describe("the production plan from D1", () => {
  it("plans each seeded product on the open days, its old stock a day, and nothing on Sunday or Monday", async () => {
    const { id, daily: stock } = await product("country-sourdough");
    const { context, plans } = await loadPlan(testContext(), week, [id]);
    expect([...context.week.openWeekdays].sort()).toEqual([2, 3, 4, 5, 6]);
    expect(plans.get(id)?.weekdayQuantities.get(6)).toBe(stock);
    expect(await dayOf("country-sourdough", SATURDAY)).toEqual({ date: SATURDAY, status: "available", left: stock });
    expect(await dayOf("country-sourdough", "2026-12-06")).toMatchObject({ status: "closed" });
    expect(sellingDates(NOW, [...plans.values()])).toHaveLength(15);
  });

  it("reads overrides, closures and drops for the dates asked", async () => {
    const { id } = await product("danish-rye");
    await env.DB.batch([
      env.DB.prepare("INSERT INTO bake_overrides (product_id, date, quantity) VALUES (?, '2026-12-04', 0)").bind(id),
      env.DB.prepare("INSERT INTO closures (date, reason) VALUES ('2026-12-09', 'Staff training')"),
      // The next weekend's menu (the other tests sell this Saturday).
      env.DB.prepare("INSERT INTO drops (bake_date, opens_at) VALUES ('2026-12-12', '2026-12-10T18:00')"),
    ]);
    expect(await dayOf("danish-rye", "2026-12-04")).toMatchObject({ status: "not-baked" });
    expect(await dayOf("danish-rye", "2026-12-09")).toEqual({
      date: "2026-12-09",
      status: "closed",
      reason: "Staff training",
    });
    expect(await dayOf("danish-rye", "2026-12-12")).toEqual({
      date: "2026-12-12",
      status: "opens-later",
      opensAt: "2026-12-10T18:00",
      left: (await product("danish-rye")).daily,
    });
    expect(await dayOf("danish-rye", "2026-12-12", "2026-12-10T18:00")).toMatchObject({ status: "available" });
  });

  it("counts held and paid orders on their bake day, and stops counting one whose reservation is released", async () => {
    const { daily: stock } = await product("cinnamon-bun");
    const held = await reservedOrder("cinnamon-bun", 2, { slotDate: SATURDAY, slotTime: "10:00" });
    expect(await dayOf("cinnamon-bun", SATURDAY)).toMatchObject({ left: stock - 2 });
    // Another day is untouched by Saturday's order.
    expect(await dayOf("cinnamon-bun", "2026-12-04")).toMatchObject({ left: stock });
    await releaseReservation(testContext(), held.id);
    expect(await dayOf("cinnamon-bun", SATURDAY)).toMatchObject({ left: stock });
  });

  it("limits a capacity group's products together by what the group has sold", async () => {
    const country = await product("country-sourdough");
    const seeded = await product("seeded-sourdough");
    const group = await env.DB.prepare(
      "INSERT INTO capacity_groups (name) VALUES ('Sourdough oven') RETURNING id",
    ).first<number>("id");
    await env.DB.batch([
      env.DB.prepare("INSERT INTO capacity_group_limits (group_id, weekday, capacity) VALUES (?, 6, 5)").bind(group),
      env.DB.prepare("INSERT INTO capacity_group_products (group_id, product_id) VALUES (?, ?), (?, ?)").bind(
        group,
        country.id,
        group,
        seeded.id,
      ),
    ]);
    await reservedOrder("seeded-sourdough", 3, { slotDate: SATURDAY, slotTime: "08:00" });
    expect(await dayOf("country-sourdough", SATURDAY)).toMatchObject({ left: 2 });
    // Friday has no limit for the group: only the loaf's own plan counts.
    expect(await dayOf("country-sourdough", "2026-12-04")).toMatchObject({ left: country.daily });
  });
});
