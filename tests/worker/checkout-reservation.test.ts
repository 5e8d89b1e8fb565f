import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { changeBasket } from "../../app/modules/cart/basket.server";
import { collectionSlots } from "../../app/modules/checkout/slots";
import { releaseExpiredReservations } from "../../app/modules/jobs/release-expired.server";
import { releaseReservation } from "../../app/modules/orders/payment-transitions.server";
import { reserveOrder } from "../../app/modules/orders/reserve-order.server";
import { setDayQuantity } from "../../app/modules/production/plan-edits.server";
import { SEED_CALENDAR } from "../fixtures/seed-calendar";
import { testContext } from "./helpers";
import { bakedOn, details, held, orderRow, product, reservedOrder } from "./orders-helpers";

describe("reserving at checkout", () => {
  it("refuses a full slot and holds nothing", async () => {
    const slot = details();
    await env.DB.prepare(
      "INSERT INTO slot_bookings (slot_date, slot_time, capacity, booked) VALUES (?, ?, 8, 8) ON CONFLICT DO UPDATE SET booked = 8",
    )
      .bind(slot.slotDate, slot.slotTime)
      .run();
    const { id } = await product("brioche-loaf");
    const heldBefore = await held("brioche-loaf");
    const basketId = crypto.randomUUID();
    await changeBasket(testContext(), basketId, { intent: "add", productId: id, quantity: 1 });
    const result = await reserveOrder(testContext(), basketId, slot);
    expect(result).toEqual({ ok: false, reason: "slot-full" });
    expect(await held("brioche-loaf")).toBe(heldBefore);
    await env.DB.prepare("UPDATE slot_bookings SET booked = 0 WHERE slot_date = ? AND slot_time = ?")
      .bind(slot.slotDate, slot.slotTime)
      .run();
  });

  it("snapshots names and prices on the order", async () => {
    const order = await reservedOrder("cinnamon-bun", 2);
    await env.DB.prepare("UPDATE products SET price_pence = 999, name = 'Renamed' WHERE slug = 'cinnamon-bun'").run();
    const item = await env.DB.prepare("SELECT name, unit_price_pence FROM order_items WHERE order_id = ?")
      .bind(order.id)
      .first();
    expect(item).toEqual({ name: "Cinnamon Bun", unit_price_pence: 320 });
    expect(order.totalPence).toBe(640);
    await env.DB.prepare(
      "UPDATE products SET price_pence = 320, name = 'Cinnamon Bun' WHERE slug = 'cinnamon-bun'",
    ).run();
  });
});

describe("releasing reservations", () => {
  it("gives stock back exactly once, however many times it is asked, concurrently", async () => {
    const heldBefore = await held("danish-rye");
    const order = await reservedOrder("danish-rye", 3);
    expect(await held("danish-rye")).toBe(heldBefore + 3);
    const results = await Promise.all([1, 2, 3].map(() => releaseReservation(testContext(), order.id)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await held("danish-rye")).toBe(heldBefore);
    expect(await orderRow(order.id)).toMatchObject({ status: "expired", reservation_released: 1 });
  });

  it("the cron releases checkouts that expired without a webhook, safely run twice at once", async () => {
    const heldBefore = await held("challah");
    const longAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const stale = await reservedOrder("challah", 1, {}, longAgo);
    const fresh = await reservedOrder("challah", 1);
    const [a, b] = await Promise.all([
      releaseExpiredReservations(testContext()),
      releaseExpiredReservations(testContext()),
    ]);
    expect(a + b).toBe(1);
    expect((await orderRow(stale.id))?.status).toBe("expired");
    expect((await orderRow(fresh.id))?.status).toBe("pending");
    expect(await held("challah")).toBe(heldBefore + 1);
  });
});

describe("reserving from a bake day's plan", () => {
  const days = [...new Set(collectionSlots(new Date(), SEED_CALENDAR).map((slot) => slot.date))];
  const [firstDay = "", secondDay = ""] = days;
  const windows = ["08:00", "10:00", "12:00", "14:00"];

  async function basketOf(lines: [slug: string, quantity: number][]) {
    const basketId = crypto.randomUUID();
    for (const [slug, quantity] of lines) {
      const { id } = await product(slug);
      await changeBasket(testContext(), basketId, { intent: "add", productId: id, quantity });
    }
    return basketId;
  }

  const reserveFor = (basketId: string, date: string, i = 0) =>
    reserveOrder(testContext(), basketId, details({ slotDate: date, slotTime: windows[i % windows.length] }));

  it("20 concurrent checkouts for the last 5 of a day: exactly 5, and the next day is untouched", async () => {
    await bakedOn("seeded-sourdough", firstDay, 5);
    await bakedOn("seeded-sourdough", secondDay, 5);
    const baskets = await Promise.all(Array.from({ length: 20 }, () => basketOf([["seeded-sourdough", 1]])));
    const results = await Promise.all(baskets.map((basketId, i) => reserveFor(basketId, firstDay, i)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === "day-full")).toHaveLength(15);
    const { id } = await product("seeded-sourdough");
    const holds = await env.DB.prepare(
      "SELECT bake_date, held, planned FROM day_holds WHERE product_id = ? ORDER BY bake_date",
    )
      .bind(id)
      .all();
    expect(holds.results).toEqual([{ bake_date: firstDay, held: 5, planned: 5 }]);
    // The refused 15 left nothing behind: the 5 are all that orders hold.
    expect(await held("seeded-sourdough")).toBe(5);
    const next = await reserveFor(await basketOf([["seeded-sourdough", 5]]), secondDay);
    expect(next.ok).toBe(true);
  });

  it("counts orders placed before the day's counter existed, and gives a released order's share back", async () => {
    await bakedOn("fougasse", firstDay, 4);
    const { id } = await product("fougasse");
    // An order from before per-day holds (written as the old checkout did): 3 of the 4.
    const old = await env.DB.prepare(
      `INSERT INTO orders (number, access_token, email, name, status, fulfilment, slot_date, slot_time, reservation_expires_at)
       VALUES ('BB-OLDDAY', 't', 'old@example.com', 'Old', 'pending', 'collection', ?, '08:00', '2099-01-01T00:00:00.000Z')
       RETURNING id`,
    )
      .bind(firstDay)
      .first<number>("id");
    await env.DB.prepare(
      "INSERT INTO order_items (order_id, product_id, name, unit_price_pence, quantity) VALUES (?, ?, 'Fougasse', 400, 3)",
    )
      .bind(old, id)
      .run();
    expect(await reserveFor(await basketOf([["fougasse", 2]]), firstDay)).toEqual({ ok: false, reason: "day-full" });
    const one = await reserveFor(await basketOf([["fougasse", 1]]), firstDay);
    if (!one.ok) throw new Error(`reservation failed: ${one.reason}`);
    expect(await reserveFor(await basketOf([["fougasse", 1]]), firstDay)).toEqual({ ok: false, reason: "day-full" });
    expect(await releaseReservation(testContext(), one.order.id)).toBe(true);
    expect((await reserveFor(await basketOf([["fougasse", 1]]), firstDay)).ok).toBe(true);
  });

  it("refuses a product on a day it is not baked", async () => {
    // A loaf no other test here reserves, so nothing is held on the day already.
    await bakedOn("hundred-percent-wholemeal", firstDay, 0);
    expect(await reserveFor(await basketOf([["hundred-percent-wholemeal", 1]]), firstDay)).toEqual({
      ok: false,
      reason: "day-full",
    });
  });

  it("holds a capacity group's products together: 10 concurrent cakes for a decorator who can do 3", async () => {
    await bakedOn("carrot-cake", firstDay, 20);
    await bakedOn("lemon-drizzle-loaf", firstDay, 20);
    const weekday = new Date(`${firstDay}T12:00:00Z`).getUTCDay();
    const group = await env.DB.prepare(
      "INSERT INTO capacity_groups (name) VALUES ('Cake decorator') RETURNING id",
    ).first<number>("id");
    const carrot = await product("carrot-cake");
    const lemon = await product("lemon-drizzle-loaf");
    await env.DB.batch([
      env.DB.prepare("INSERT INTO capacity_group_limits (group_id, weekday, capacity) VALUES (?, ?, 3)").bind(
        group,
        weekday,
      ),
      env.DB.prepare("INSERT INTO capacity_group_products (group_id, product_id) VALUES (?, ?), (?, ?)").bind(
        group,
        carrot.id,
        group,
        lemon.id,
      ),
    ]);
    const baskets = await Promise.all(
      Array.from({ length: 10 }, (_, i) => basketOf([[i % 2 ? "carrot-cake" : "lemon-drizzle-loaf", 1]])),
    );
    const results = await Promise.all(baskets.map((basketId, i) => reserveFor(basketId, firstDay, i)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.reason === "day-full")).toHaveLength(7);
    const used = await env.DB.prepare("SELECT held, capacity FROM group_day_holds WHERE group_id = ?")
      .bind(group)
      .first();
    expect(used).toEqual({ held: 3, capacity: 3 });
  });
});

describe("changing a day's plan after orders", () => {
  it("moves the day's counter with it, and refuses fewer than orders already hold", async () => {
    const [day = ""] = [...new Set(collectionSlots(new Date(), SEED_CALENDAR).map((slot) => slot.date))];
    await bakedOn("white-sourdough-tin", day, 3);
    await reservedOrder("white-sourdough-tin", 2, { slotDate: day, slotTime: "08:00" });
    const { id } = await product("white-sourdough-tin");
    expect(await setDayQuantity(testContext(), id, day, 1)).toEqual({ ok: false, held: 2 });
    expect(await setDayQuantity(testContext(), id, day, 2)).toEqual({ ok: true });
    // The day now holds 2 of 2: one more is refused, as the baker said.
    await expect(reservedOrder("white-sourdough-tin", 1, { slotDate: day, slotTime: "10:00" })).rejects.toThrow(
      "day-full",
    );
  });
});
