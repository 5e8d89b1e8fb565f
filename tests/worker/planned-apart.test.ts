import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { changeBasket } from "../../app/modules/cart/basket.server";
import { shopLocalDateTime } from "../../app/modules/checkout/slots";
import { reserveOrder } from "../../app/modules/orders/reserve-order.server";
import { addDays, weekdayOf } from "../../app/modules/production/availability";
import { setDayQuantity } from "../../app/modules/production/plan-edits.server";
import { get, noticeOf, postForm, signedInAs, testContext } from "./helpers";
import { details, product } from "./orders-helpers";

// Options planned apart (decision 017): each size of a cake is its own row of the plan.

const CAKE = "flourless-chocolate-cake";
const today = shopLocalDateTime(new Date()).slice(0, 10);
let saturday = addDays(today, 8);
while (weekdayOf(saturday) !== 6) saturday = addDays(saturday, 1);
const SATURDAY = saturday;
const SUNDAY_AFTER = addDays(SATURDAY, 8);

const optionsPage = (id: number) => `/admin/products/${id}/options`;

/** The cake with a Size option of two values (6 inch, 8 inch for £10 more), through the admin. */
async function cakeWithSizes() {
  const admin = await signedInAs("admin");
  const { id } = await product(CAKE);
  const existing = await env.DB.prepare("SELECT id FROM product_options WHERE product_id = ? AND name = 'Size'")
    .bind(id)
    .first<number>("id");
  if (!existing) {
    await postForm(optionsPage(id), { intent: "option-add", name: "Size", kind: "choice" }, admin.cookie);
  }
  const optionId =
    (await env.DB.prepare("SELECT id FROM product_options WHERE product_id = ? AND name = 'Size'")
      .bind(id)
      .first<number>("id")) ?? 0;
  if (!existing) {
    for (const [label, priceDelta] of [
      ["6 inch", ""],
      ["8 inch", "10.00"],
    ]) {
      await postForm(
        optionsPage(id),
        { intent: "value-add", optionId: String(optionId), label, priceDelta },
        admin.cookie,
      );
    }
  }
  const values = await env.DB.prepare(
    "SELECT id, label FROM product_option_values WHERE option_id = ? ORDER BY position",
  )
    .bind(optionId)
    .all<{ id: number; label: string }>();
  const six = values.results.find((value) => value.label === "6 inch")?.id ?? 0;
  const eight = values.results.find((value) => value.label === "8 inch")?.id ?? 0;
  return { id, optionId, six, eight, admin };
}

const planning = (optionId: number, plannedApart: boolean) => ({
  intent: "option-planning",
  optionId: String(optionId),
  plannedApart: plannedApart ? "yes" : "no",
});

async function basketWith(productId: number, lines: [valueId: number, quantity: number][]) {
  const basketId = crypto.randomUUID();
  for (const [valueId, quantity] of lines) {
    const added = await changeBasket(testContext(), basketId, {
      intent: "add",
      productId,
      quantity,
      choices: [valueId],
    });
    if (!added.ok) throw new Error(JSON.stringify(added));
  }
  return basketId;
}

const scheduleRows = (productId: number) =>
  env.DB.prepare(
    "SELECT variant_id, weekday, quantity FROM bake_schedules WHERE product_id = ? ORDER BY variant_id, weekday",
  )
    .bind(productId)
    .all<{ variant_id: number; weekday: number; quantity: number }>()
    .then((result) => result.results);

describe("options planned apart", () => {
  it("an admin plans a cake's sizes apart: each starts unbaked, gets its own grid row, and is audited", async () => {
    const { id, optionId, six, eight, admin } = await cakeWithSizes();
    expect((await scheduleRows(id)).every((row) => row.variant_id === 0)).toBe(true);
    const apart = await postForm(optionsPage(id), planning(optionId, true), admin.cookie);
    expect(apart.response.status).toBe(303);
    expect(await noticeOf(apart.response)).toBe(
      "Size is planned apart: set how many of each are baked in the production grid. Until then it isn't on sale.",
    );
    expect(await scheduleRows(id)).toEqual([]);
    const audit = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE entity = 'product' AND entity_id = ? ORDER BY id DESC LIMIT 1",
    )
      .bind(id)
      .first<string>("action");
    expect(audit).toBe("option-planned-apart");

    // The grid now has a row per size; a size's weekday default and a day of its own are saved.
    const grid = (await get(`/admin/production?from=${today}`, { headers: { Cookie: admin.cookie } })).html;
    expect(grid).toContain("Flourless Chocolate Cake: 6 inch");
    expect(grid).toContain(`value="${id}.${eight}@6"`);
    expect(grid).not.toContain(`value="${id}@6"`);
    const week = await postForm(
      `/admin/production?from=${today}`,
      {
        intent: "week",
        "products[0].cell": `${id}.${six}@6`,
        "products[0].was": "0",
        "products[0].quantity": "3",
        "products[1].cell": `${id}.${eight}@6`,
        "products[1].was": "0",
        "products[1].quantity": "1",
      },
      admin.cookie,
    );
    expect(week.response.status).toBe(303);
    expect(await scheduleRows(id)).toEqual([
      { variant_id: six, weekday: 6, quantity: 3 },
      { variant_id: eight, weekday: 6, quantity: 1 },
    ]);

    // A forged row (the cake as a whole, or another product's value) is refused by the cell, not written.
    const forged = await postForm(
      `/admin/production?from=${today}`,
      {
        intent: "days",
        "cells[0].cell": `${id}@${SATURDAY}`,
        "cells[0].was": "0",
        "cells[0].quantity": "9",
        "cells[1].cell": `${id + 1}.${six}@${SATURDAY}`,
        "cells[1].was": "0",
        "cells[1].quantity": "9",
      },
      admin.cookie,
    );
    expect(forged.response.status).toBe(409);
    expect(forged.html).toContain("reload the grid");
    const written = await env.DB.prepare("SELECT count(*) AS n FROM bake_overrides WHERE date = ? AND quantity = 9")
      .bind(SATURDAY)
      .first<number>("n");
    expect(written).toBe(0);
  });

  it("the product page says how many of each size are left; a basket line is held against its size", async () => {
    const { id, six, eight } = await cakeWithSizes();
    const page = await get(`/products/${CAKE}`, { headers: { "X-Test-Now": `${addDays(SATURDAY, -4)}T09:00:00Z` } });
    const text = page.html.replaceAll("<!-- -->", "");
    expect(text).toMatch(/<th scope="col"[^>]*>6 inch<\/th>/);
    expect(text).toMatch(/<th scope="col"[^>]*>8 inch<\/th>/);
    expect(text).toContain("3 left");

    const reserved = await reserveOrder(
      testContext(),
      await basketWith(id, [[eight, 1]]),
      details({ slotDate: SATURDAY }),
    );
    if (!reserved.ok) throw new Error(reserved.reason);
    const line = await env.DB.prepare("SELECT variant_id, name FROM order_items WHERE order_id = ?")
      .bind(reserved.order.id)
      .first();
    expect(line).toEqual({ variant_id: eight, name: "Flourless Chocolate Cake (Size: 8 inch)" });
    // The one 8-inch is taken; the 6-inch are not.
    const more = await reserveOrder(testContext(), await basketWith(id, [[eight, 1]]), details({ slotDate: SATURDAY }));
    expect(more).toEqual({ ok: false, reason: "day-full" });
    const small = await reserveOrder(testContext(), await basketWith(id, [[six, 2]]), details({ slotDate: SATURDAY }));
    expect(small.ok).toBe(true);
  });

  it("20 concurrent checkouts for the last 4 of one size get exactly 4; the other size is untouched", async () => {
    const { id, six, eight } = await cakeWithSizes();
    const day = addDays(SATURDAY, 7);
    expect(await setDayQuantity(testContext(), id, day, 4, six)).toEqual({ ok: true });
    expect(await setDayQuantity(testContext(), id, day, 2, eight)).toEqual({ ok: true });
    const baskets = await Promise.all(Array.from({ length: 20 }, () => basketWith(id, [[six, 1]])));
    const results = await Promise.all(
      baskets.map((basketId) => reserveOrder(testContext(), basketId, details({ slotDate: day }))),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(4);
    expect(results.filter((result) => !result.ok && result.reason === "day-full")).toHaveLength(16);
    const holds = await env.DB.prepare(
      "SELECT variant_id, held, planned FROM day_holds WHERE product_id = ? AND bake_date = ? ORDER BY variant_id",
    )
      .bind(id, day)
      .all();
    expect(holds.results).toEqual([{ variant_id: six, held: 4, planned: 4 }]);
    const eightInch = await reserveOrder(testContext(), await basketWith(id, [[eight, 2]]), details({ slotDate: day }));
    expect(eightInch.ok).toBe(true);
  });

  it("can't change while coming orders hold the cake; planned together, the cake bakes what its sizes did", async () => {
    const { id, optionId, admin } = await cakeWithSizes();
    const refused = await postForm(optionsPage(id), planning(optionId, false), admin.cookie);
    expect(refused.response.status).toBe(409);
    expect(refused.html).toContain("Orders for coming bake days hold this product");
    const removeRefused = await postForm(
      optionsPage(id),
      { intent: "option-remove", optionId: String(optionId) },
      admin.cookie,
    );
    expect(removeRefused.response.status).toBe(409);
    expect(removeRefused.html).toContain("plan them together first");

    // Once the coming orders are done with (released here), the change goes through.
    await env.DB.prepare(
      `UPDATE orders SET reservation_released = 1 WHERE id IN (SELECT order_id FROM order_items WHERE product_id = ?)`,
    )
      .bind(id)
      .run();
    const { six, eight } = await cakeWithSizes();
    expect(await setDayQuantity(testContext(), id, SUNDAY_AFTER, 1, eight)).toEqual({ ok: true });
    const together = await postForm(optionsPage(id), planning(optionId, false), admin.cookie);
    expect(together.response.status).toBe(303);
    // Saturday: 3 six-inch + 1 eight-inch; the date one size had its own number for: 3 + 1 and 1.
    expect(await scheduleRows(id)).toEqual([{ variant_id: 0, weekday: 6, quantity: 4 }]);
    const override = await env.DB.prepare(
      "SELECT variant_id, quantity FROM bake_overrides WHERE product_id = ? AND date = ?",
    )
      .bind(id, SUNDAY_AFTER)
      .all();
    expect(override.results).toEqual([{ variant_id: 0, quantity: 1 }]);
    expect(six).toBeGreaterThan(0);
    const counters = await env.DB.prepare("SELECT count(*) AS n FROM day_holds WHERE product_id = ?")
      .bind(id)
      .first<number>("n");
    expect(counters).toBe(0);
  });
});
