import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { bakeDays, runningLow, salesByDay } from "../../app/modules/admin/dashboard.server";
import { get, signedInAs, testContext } from "./helpers";

// A fixed "now" far from other tests' orders: Tuesday 10 March 2043, 09:00 in London.
const NOW = new Date("2043-03-10T09:00:00Z");

async function order(
  status: string,
  slotDate: string,
  slotTime: string,
  items: [number, string, number][],
  paidAt: string,
) {
  const number = `BB-T${crypto.randomUUID().slice(0, 8)}`;
  const total = items.reduce((sum, [, , quantity]) => sum + quantity * 300, 0);
  const row = await env.DB.prepare(
    `INSERT INTO orders (number, access_token, email, name, status, fulfilment, slot_date, slot_time, total_pence,
       subtotal_pence, reservation_expires_at, paid_at)
     VALUES (?, 'x', 'a@example.com', 'A', ?, 'collection', ?, ?, ?, ?, '2043-01-01T00:00:00Z', ?) RETURNING id`,
  )
    .bind(number, status, slotDate, slotTime, total, total, paidAt)
    .first<{ id: number }>();
  for (const [productId, name, quantity] of items) {
    await env.DB.prepare(
      "INSERT INTO order_items (order_id, product_id, name, unit_price_pence, quantity) VALUES (?, ?, ?, 300, ?)",
    )
      .bind(row?.id, productId, name, quantity)
      .run();
  }
}

describe("dashboard", () => {
  it("adds up tomorrow's bake list from paid orders only, and groups them by slot", async () => {
    await order(
      "paid",
      "2043-03-11",
      "08:00",
      [
        [1, "Loaf A", 2],
        [2, "Bun B", 6],
      ],
      "2043-03-09T10:00:00Z",
    );
    await order("paid", "2043-03-11", "10:00", [[1, "Loaf A", 1]], "2043-03-10T08:00:00Z");
    await order("pending", "2043-03-11", "10:00", [[1, "Loaf A", 50]], "2043-03-10T08:00:00Z");
    await order("expired", "2043-03-11", "10:00", [[2, "Bun B", 50]], "2043-03-10T08:00:00Z");
    const [today, tomorrow, ...later] = await bakeDays(testContext(), NOW);
    expect(later).toEqual([]);
    expect(today?.date).toBe("2043-03-10");
    expect(today?.bake).toEqual([]);
    expect(tomorrow?.date).toBe("2043-03-11");
    expect(tomorrow?.bake).toEqual([
      { productId: 2, name: "Bun B", quantity: 6, orders: 1 },
      { productId: 1, name: "Loaf A", quantity: 3, orders: 2 },
    ]);
    expect(tomorrow?.slots).toEqual([
      { slotTime: "08:00", fulfilment: "collection", orders: 1, items: 8 },
      { slotTime: "10:00", fulfilment: "collection", orders: 1, items: 1 },
    ]);
  });

  it("after today, shows the next days that have orders, skipping empty ones (Monday night, every order for Wednesday)", async () => {
    // A Monday evening in 2044, far from the other tests' orders: nothing for Tuesday, orders for
    // Wednesday and Friday, an unpaid one for Thursday, one for the Saturday after.
    const monday = new Date("2044-03-07T20:00:00Z");
    await order("paid", "2044-03-09", "10:00", [[1, "Loaf A", 4]], "2044-03-07T10:00:00Z");
    await order("pending", "2044-03-10", "10:00", [[1, "Loaf A", 9]], "2044-03-07T10:00:00Z");
    await order("paid", "2044-03-11", "08:00", [[2, "Bun B", 2]], "2044-03-07T10:00:00Z");
    await order("paid", "2044-03-12", "08:00", [[2, "Bun B", 1]], "2044-03-07T10:00:00Z");
    const days = await bakeDays(testContext(), monday);
    expect(days.map((day) => day.date)).toEqual(["2044-03-07", "2044-03-09", "2044-03-11"]);
    expect(days[1]?.bake).toEqual([{ productId: 1, name: "Loaf A", quantity: 4, orders: 1 }]);

    const { cookie } = await signedInAs("staff");
    const { html } = await get("/admin", { headers: { Cookie: cookie } });
    expect(html).toContain("Today: ");
  });

  it("sums takings per day for 30 days, zero-filled", async () => {
    const sales = await salesByDay(testContext(), 30, NOW);
    expect(sales).toHaveLength(30);
    expect(sales.at(-1)?.date).toBe("2043-03-10");
    expect(sales[0]?.date).toBe("2043-02-09");
    expect(sales.find((d) => d.date === "2043-03-09")).toEqual({
      date: "2043-03-09",
      totalPence: 2400,
      discountPence: 0,
      orders: 1,
    });
    expect(sales.find((d) => d.date === "2043-03-10")).toEqual({
      date: "2043-03-10",
      totalPence: 300,
      discountPence: 0,
      orders: 1,
    });
    expect(sales.find((d) => d.date === "2043-03-01")?.totalPence).toBe(0);
  });

  it("says what promotion codes took off the month's takings", async () => {
    // An order paid just now, in the dashboard's own last 30 days, that a code took £1.50 off.
    const now = new Date().toISOString();
    await order("paid", now.slice(0, 10), "08:00", [[1, "Loaf A", 1]], now);
    await env.DB.prepare("UPDATE orders SET discount_pence = 150, promotion_code = 'SPRING' WHERE paid_at = ?")
      .bind(now)
      .run();
    const today = (await salesByDay(testContext())).at(-1);
    expect(today?.discountPence).toBeGreaterThanOrEqual(150);
    const { cookie } = await signedInAs("staff");
    expect((await get("/admin", { headers: { Cookie: cookie } })).html).toMatch(
      /Promotion codes took £\d+\.\d\d off\./,
    );
  });

  it("lists the coming week's bake days with five or fewer left, soonest first", async () => {
    await env.DB.prepare(
      `INSERT INTO bake_overrides (product_id, date, quantity)
       SELECT id, '2043-03-12', 4 FROM products WHERE slug = 'country-sourdough'`,
    ).run();
    const low = await runningLow(testContext(), NOW);
    expect(low).toContainEqual(
      expect.objectContaining({ name: "Country Sourdough", date: "2043-03-12", planned: 4, left: 4 }),
    );
    expect(low.every((line) => line.left <= 5 && line.date > "2043-03-10" && line.date <= "2043-03-17")).toBe(true);
    expect(low.map((line) => line.date)).toEqual([...low.map((line) => line.date)].sort());
    // Sunday and Monday are closed: nothing is listed for them.
    expect(low.some((line) => line.date === "2043-03-15" || line.date === "2043-03-16")).toBe(false);
  });

  it("renders the bake lists, low stock and an SVG chart for staff", async () => {
    const { cookie } = await signedInAs("staff");
    const { response, html } = await get("/admin", { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    expect(html).toContain("Bake list");
    expect(html).toContain("Running low this week");
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).toContain("Takings for the last 30 days");
  });
});
