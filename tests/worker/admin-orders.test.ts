import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { listOrders } from "../../app/modules/admin/orders.server";
import { forgetShopCalendar } from "../../app/modules/checkout/calendar.server";
import { findOrder } from "../../app/modules/orders/order-queries.server";
import { get, noticeOf, ORIGIN, postForm, retireCatalogCache, signedInAs, testContext } from "./helpers";
import { held, reservedOrder } from "./orders-helpers";

async function paidOrder(
  slug = "butter-croissant",
  quantity = 2,
  fulfilment: "collection" | "delivery" = "collection",
) {
  const order = await reservedOrder(slug, quantity);
  await env.DB.prepare(
    `UPDATE orders SET status = 'paid', paid_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), fulfilment = ?,
       stripe_payment_intent_id = ?, email = ? WHERE id = ?`,
  )
    .bind(
      fulfilment,
      `pi_test_${crypto.randomUUID().slice(0, 12)}`,
      `buyer-${order.number.toLowerCase()}@example.com`,
      order.id,
    )
    .run();
  return order;
}

const orderState = (id: number) =>
  env.DB.prepare(
    "SELECT status, fulfilment_status, refunded_pence, stock_returned, total_pence FROM orders WHERE id = ?",
  )
    .bind(id)
    .first<{
      status: string;
      fulfilment_status: string;
      refunded_pence: number;
      stock_returned: number;
      total_pence: number;
    }>();

const emailsOf = (orderId: number) =>
  env.DB.prepare("SELECT kind, recipient, subject FROM email_outbox WHERE order_id = ? ORDER BY id")
    .bind(orderId)
    .all<{ kind: string; recipient: string; subject: string }>()
    .then((r) => r.results);

const advance = (cookie: string, number: string, from: string, to: string) =>
  postForm(`/admin/orders/${number}`, { intent: "advance", from, to }, cookie);

describe("orders admin: progress", () => {
  it("moves a collection order paid → baking → ready → collected, emailing the customer once when ready", async () => {
    const { cookie } = await signedInAs("staff");
    const order = await paidOrder();
    expect((await advance(cookie, order.number, "new", "baking")).response.status).toBe(303);
    const ready = await advance(cookie, order.number, "baking", "ready");
    expect(ready.response.headers.get("Location")).toBe(`/admin/orders/${order.number}`);
    expect(await noticeOf(ready.response)).toBe("Order updated.");
    expect((await advance(cookie, order.number, "ready", "collected")).response.status).toBe(303);
    expect((await orderState(order.id))?.fulfilment_status).toBe("collected");
    const emails = await emailsOf(order.id);
    expect(emails.filter((e) => e.kind === "order-ready")).toHaveLength(1);
    expect(emails.find((e) => e.kind === "order-ready")?.subject).toContain("is ready");

    const { html } = await get(`/admin/orders/${order.number}`, { headers: { Cookie: cookie } });
    expect(html).toContain("Not started → Baking");
    expect(html).toContain("Ready to collect → Collected");
  });

  it("emails on dispatch for delivery orders", async () => {
    const { cookie } = await signedInAs("staff");
    const order = await paidOrder("country-sourdough", 1, "delivery");
    await advance(cookie, order.number, "new", "baking");
    await advance(cookie, order.number, "baking", "ready");
    await advance(cookie, order.number, "ready", "out_for_delivery");
    await advance(cookie, order.number, "out_for_delivery", "delivered");
    expect((await orderState(order.id))?.fulfilment_status).toBe("delivered");
    expect((await emailsOf(order.id)).map((e) => e.kind)).toEqual(["order-dispatched"]);
  });

  it("refuses skipping a step or a stale one, saying where the order is", async () => {
    const { cookie } = await signedInAs("staff");
    const order = await paidOrder();
    const skip = await advance(cookie, order.number, "new", "ready");
    expect(skip.response.status).toBe(409);
    await advance(cookie, order.number, "new", "baking");
    const stale = await advance(cookie, order.number, "new", "baking");
    expect(stale.response.status).toBe(409);
    expect(stale.html).toContain("Someone else already moved this order to &quot;Baking&quot;");
  });

  it("two staff pressing the same button at once: one moves it, one is told, one email", async () => {
    const [a, b] = [await signedInAs("staff"), await signedInAs("staff")];
    const order = await paidOrder();
    await advance(a.cookie, order.number, "new", "baking");
    const results = await Promise.all([
      advance(a.cookie, order.number, "baking", "ready"),
      advance(b.cookie, order.number, "baking", "ready"),
    ]);
    expect(results.map((r) => r.response.status).sort()).toEqual([303, 409]);
    expect((await emailsOf(order.id)).filter((e) => e.kind === "order-ready")).toHaveLength(1);
    const events = await env.DB.prepare(
      "SELECT count(*) AS n FROM order_events WHERE order_id = ? AND detail LIKE '%→ Ready%'",
    )
      .bind(order.id)
      .first<number>("n");
    expect(events).toBe(1);
  });

  it("filters the list by progress and finds an order by number or email", async () => {
    const { cookie } = await signedInAs("staff");
    const order = await paidOrder();
    await advance(cookie, order.number, "new", "baking");
    const baking = await get("/admin/orders?progress=baking", { headers: { Cookie: cookie } });
    expect(baking.html).toContain(order.number);
    const fresh = await get("/admin/orders?progress=new", { headers: { Cookie: cookie } });
    expect(fresh.html).not.toContain(order.number);
    const byNumber = await get(`/admin/orders?q=${order.number.toLowerCase()}`, { headers: { Cookie: cookie } });
    expect(byNumber.html).toContain(order.number);
    expect((await get("/admin/orders", { headers: { Cookie: cookie } })).html).toContain(order.number);

    // Finished orders leave the working list but can still be found.
    await advance(cookie, order.number, "baking", "ready");
    await advance(cookie, order.number, "ready", "collected");
    expect((await get("/admin/orders", { headers: { Cookie: cookie } })).html).not.toContain(order.number);
    expect((await get("/admin/orders?progress=collected", { headers: { Cookie: cookie } })).html).toContain(
      order.number,
    );
    expect((await get(`/admin/orders?q=${order.number}`, { headers: { Cookie: cookie } })).html).toContain(
      order.number,
    );
  });

  it("offers the calendar's collection windows as slots, and ignores a made-up one", async () => {
    const { cookie } = await signedInAs("staff");
    await env.DB.prepare(
      "INSERT INTO collection_windows (starts_at, ends_at, capacity) VALUES ('07:00', '08:00', 4)",
    ).run();
    await forgetShopCalendar(testContext());
    const page = await get("/admin/orders", { headers: { Cookie: cookie } });
    expect(page.html).toContain('<option value="07:00">07:00</option>');
    expect(page.html).toContain('<option value="delivery">Delivery</option>');
    const odd = await get("/admin/orders?slot=%3Cscript%3E", { headers: { Cookie: cookie } });
    expect(odd.response.status).toBe(200);
    await env.DB.prepare("DELETE FROM collection_windows WHERE starts_at = '07:00'").run();
    await forgetShopCalendar(testContext());
  });
});

describe("orders admin: refunds", () => {
  async function review(cookie: string, number: string, fields: Record<string, string>) {
    const { response, html } = await postForm(
      `/admin/orders/${number}`,
      { intent: "review-refund", ...fields },
      cookie,
    );
    const key = html.match(/name="idempotencyKey" value="([0-9a-f-]{36})"/)?.[1];
    return { response, html, key };
  }

  it("asks for confirmation first, then cancels with a full refund: stock back once, customer emailed once", async () => {
    const { cookie } = await signedInAs("admin");
    const before = await held("butter-croissant");
    const order = await paidOrder("butter-croissant", 2);
    const { total_pence } = (await orderState(order.id)) ?? { total_pence: 0 };
    expect(await held("butter-croissant")).toBe(before + 2);

    const step1 = await review(cookie, order.number, {
      amount: (total_pence / 100).toFixed(2),
      reason: "Oven broke",
      cancel: "on",
    });
    expect(step1.response.status).toBe(200);
    expect(step1.html).toContain("and cancel the order");
    expect(step1.key).toBeTruthy();
    expect((await orderState(order.id))?.refunded_pence).toBe(0);

    const confirm = {
      intent: "refund",
      amountPence: String(total_pence),
      reason: "Oven broke",
      cancel: "yes",
      idempotencyKey: step1.key ?? "",
    };
    const first = await postForm(`/admin/orders/${order.number}`, confirm, cookie);
    expect(first.response.headers.get("Location")).toBe(`/admin/orders/${order.number}`);
    expect(await noticeOf(first.response)).toBe("Refund sent to Stripe and the customer emailed.");
    // The same confirmation again (a double click, a resubmitted form): nothing more happens.
    const again = await postForm(`/admin/orders/${order.number}`, confirm, cookie);
    expect(again.response.status).toBe(303);

    expect(await orderState(order.id)).toMatchObject({
      status: "refunded",
      fulfilment_status: "cancelled",
      refunded_pence: total_pence,
      stock_returned: 1,
    });
    expect(await held("butter-croissant")).toBe(before);
    const refunds = await env.DB.prepare("SELECT status, stripe_refund_id FROM refunds WHERE order_id = ?")
      .bind(order.id)
      .all<{ status: string; stripe_refund_id: string }>();
    expect(refunds.results).toHaveLength(1);
    expect(refunds.results[0]?.stripe_refund_id).toMatch(/^re_/);
    expect((await emailsOf(order.id)).filter((e) => e.kind.startsWith("refund-"))).toHaveLength(1);
  });

  it("the same confirmation submitted twice at once refunds once", async () => {
    const { cookie } = await signedInAs("admin");
    const order = await paidOrder("country-sourdough", 1);
    const { key } = await review(cookie, order.number, { amount: "1.00" });
    const confirm = { intent: "refund", amountPence: "100", reason: "", cancel: "no", idempotencyKey: key ?? "" };
    const results = await Promise.all([
      postForm(`/admin/orders/${order.number}`, confirm, cookie),
      postForm(`/admin/orders/${order.number}`, confirm, cookie),
    ]);
    expect(results.every((r) => r.response.status === 303)).toBe(true);
    expect((await orderState(order.id))?.refunded_pence).toBe(100);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM refunds WHERE order_id = ?")
      .bind(order.id)
      .first<number>("n");
    expect(count).toBe(1);
  });

  it("allows partial refunds up to what was paid, then refuses more by the field", async () => {
    const { cookie } = await signedInAs("admin");
    const order = await paidOrder("country-sourdough", 1);
    const total = (await orderState(order.id))?.total_pence ?? 0;
    const { key } = await review(cookie, order.number, { amount: "1.50" });
    await postForm(
      `/admin/orders/${order.number}`,
      { intent: "refund", amountPence: "150", reason: "", cancel: "no", idempotencyKey: key ?? "" },
      cookie,
    );
    expect(await orderState(order.id)).toMatchObject({ status: "paid", fulfilment_status: "new", refunded_pence: 150 });

    const tooMuch = await review(cookie, order.number, { amount: (total / 100).toFixed(2) });
    expect(tooMuch.response.status).toBe(400);
    expect(tooMuch.html).toContain("That is more than is left to refund.");
    expect(tooMuch.key).toBeUndefined();

    const bad = await review(cookie, order.number, { amount: "lots" });
    expect(bad.response.status).toBe(400);
    expect(bad.html).toContain("Enter an amount in pounds and pence");
    expect(bad.html).toContain('value="lots"');
  });

  it("is for admins: staff see no refund form and are refused (403) whatever they post", async () => {
    const { cookie } = await signedInAs("staff");
    const order = await paidOrder();
    expect((await get(`/admin/orders/${order.number}`, { headers: { Cookie: cookie } })).html).not.toContain(
      "review-refund",
    );
    for (const intent of ["review-refund", "refund"]) {
      const attempt = await postForm(
        `/admin/orders/${order.number}`,
        { intent, amount: "1.00", amountPence: "100", reason: "", cancel: "yes", idempotencyKey: crypto.randomUUID() },
        cookie,
      );
      expect(attempt.response.status).toBe(403);
    }
    expect((await orderState(order.id))?.refunded_pence).toBe(0);
  });

  it("is refused to customers, whatever they post", async () => {
    const { cookie } = await signedInAs("customer");
    const order = await paidOrder();
    const attempt = await postForm(
      `/admin/orders/${order.number}`,
      { intent: "refund", amountPence: "100", reason: "", cancel: "yes", idempotencyKey: crypto.randomUUID() },
      cookie,
    );
    expect(attempt.response.status).toBe(403);
    expect((await advance(cookie, order.number, "new", "baking")).response.status).toBe(403);
    expect((await orderState(order.id))?.refunded_pence).toBe(0);
  });
});

describe("orders admin: flags", () => {
  it("shows a flagged order on the dashboard until staff mark it dealt with (once)", async () => {
    const { cookie } = await signedInAs("staff");
    const order = await paidOrder();
    await env.DB.prepare("INSERT INTO order_flags (order_id, kind) VALUES (?, 'paid_after_expiry')")
      .bind(order.id)
      .run();
    const before = await get("/admin", { headers: { Cookie: cookie } });
    expect(before.html).toContain("Needs attention");
    expect(before.html).toContain(order.number);

    const cleared = await postForm(
      `/admin/orders/${order.number}`,
      { intent: "clear-flag", flag: "paid_after_expiry" },
      cookie,
    );
    expect(cleared.response.headers.get("Location")).toBe(`/admin/orders/${order.number}`);
    expect(await noticeOf(cleared.response)).toBe("Marked as dealt with.");
    const again = await postForm(
      `/admin/orders/${order.number}`,
      { intent: "clear-flag", flag: "paid_after_expiry" },
      cookie,
    );
    expect(again.response.status).toBe(409);
    expect((await get("/admin", { headers: { Cookie: cookie } })).html).not.toContain(order.number);
  });
});

describe("orders admin: each order's own lines, flags and refunds", () => {
  it("counts each order's own items and flags, not rows that happen to share its id", async () => {
    // Rows whose ids differ from their order's: a one-table select once compared them to themselves.
    await env.DB.prepare("INSERT INTO order_flags (order_id, kind) VALUES (?, 'dispute')")
      .bind((await paidOrder("country-sourdough", 1)).id)
      .run();
    const flagged = await paidOrder("country-sourdough", 3);
    await env.DB.batch([
      env.DB.prepare("INSERT INTO order_flags (order_id, kind) VALUES (?, 'paid_after_expiry')").bind(flagged.id),
      env.DB.prepare(
        "INSERT INTO refunds (order_id, amount_pence, reason, status, idempotency_key) VALUES (?, 100, '', 'pending', ?)",
      ).bind(flagged.id, crypto.randomUUID()),
    ]);
    const plain = await paidOrder("cinnamon-bun", 5);
    const ctx = testContext();
    const list = await listOrders(ctx, {});
    const row = (number: string) => list.find((order) => order.number === number);
    expect(row(flagged.number)).toMatchObject({ items: 3, flagged: 1 });
    expect(row(plain.number)).toMatchObject({ items: 5, flagged: 0 });
    const view = await findOrder(ctx, { id: flagged.id });
    expect(view?.flags.map((flag) => flag.kind)).toEqual(["paid_after_expiry"]);
    expect(view?.pendingRefundPence).toBe(100);
    expect((await findOrder(ctx, { id: plain.id }))?.flags).toEqual([]);
    expect((await findOrder(ctx, { id: plain.id }))?.pendingRefundPence).toBe(0);
  });
});

describe("orders admin: cost of a page", () => {
  it("looks who is signed in up once however many guards ask: one query for the user, one for the list", async () => {
    const staff = await signedInAs("staff");
    // Middleware, the admin layout, the page and the root loader all check the user. The first
    // view reads the bakery's details for the footer into the catalogue cache (written after the
    // response); once that has landed, a view costs two queries. The catalogue version comes from
    // its KV mirror, as in production (the cron keeps it there).
    await retireCatalogCache();
    const view = () => get("/admin/orders", { headers: { Cookie: staff.cookie } });
    expect((await view()).response.status).toBe(200);
    await expect.poll(async () => (await view()).timing.d1Queries).toBe(2);
  });
});

describe("orders admin: bake morning in bulk", () => {
  /** The list's form as a browser posts it: the ticked boxes (one `orders` field each) and the button. */
  const bulkStep = (cookie: string, to: string, ticked: string[]) =>
    SELF.fetch(`${ORIGIN}/admin/orders`, {
      method: "POST",
      body: new URLSearchParams([["to", to], ...ticked.map((value) => ["orders", value] as [string, string])]),
      headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      redirect: "manual",
    });

  it("moves 100 orders through three steps as one staff member: three posts, no 429, one email each", async () => {
    const { cookie } = await signedInAs("staff");
    // Numbers starting BB-U: U is not in the order-number alphabet, so no other test's order shares it.
    await env.DB.batch([
      env.DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
         INSERT INTO orders (number, access_token, email, name, status, fulfilment, slot_date, slot_time,
           reservation_expires_at, paid_at, total_pence)
         SELECT 'BB-U' || printf('%05d', i), 'token' || i, 'morning' || i || '@example.com', 'Morning ' || i, 'paid',
           'collection', '2026-12-05', '08:00', '2026-12-01T00:00:00.000Z', '2026-12-01T08:00:00.000Z', 450 FROM n`,
      ),
      env.DB.prepare(
        `INSERT INTO order_items (order_id, product_id, name, unit_price_pence, quantity)
         SELECT id, 1, 'Loaf', 450, 1 FROM orders WHERE number LIKE 'BB-U%'`,
      ),
    ]);
    const numbers = Array.from({ length: 100 }, (_, i) => `BB-U${String(i + 1).padStart(5, "0")}`);
    const ticked = (from: string) => numbers.map((number) => `${number}@${from}`);

    for (const [from, to, label] of [
      ["new", "baking", "Baking"],
      ["baking", "ready", "Ready"],
      ["ready", "collected", "Collected"],
    ] as const) {
      const response = await bulkStep(cookie, to, ticked(from));
      expect(response.status).toBe(303);
      expect(await noticeOf(response)).toBe(`Moved 100 orders to "${label}".`);
    }
    const states = await env.DB.prepare(
      "SELECT fulfilment_status AS state, count(*) AS n FROM orders WHERE number LIKE 'BB-U%' GROUP BY fulfilment_status",
    ).all();
    expect(states.results).toEqual([{ state: "collected", n: 100 }]);
    const counts = await env.DB.prepare(
      `SELECT (SELECT count(*) FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.number LIKE 'BB-U%') AS events,
         (SELECT count(*) FROM email_outbox m JOIN orders o ON o.id = m.order_id
           WHERE o.number LIKE 'BB-U%' AND m.kind = 'order-ready') AS emails`,
    ).first();
    expect(counts).toEqual({ events: 300, emails: 100 });

    // A page loaded before the last step: nothing moves twice, and it says why.
    const stale = await bulkStep(cookie, "collected", ticked("ready").slice(0, 3));
    expect(stale.status).toBe(409);
    const html = (await stale.text()).replaceAll("&quot;", '"');
    expect(html).toContain("No orders were moved. 3 not moved (BB-U00001: someone else already moved this order to");
  });

  it("refuses an empty tick list or a made-up order by the buttons, and is for staff only", async () => {
    const staff = await signedInAs("staff");
    const empty = await bulkStep(staff.cookie, "baking", []);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Tick the orders to move first");
    const forged = await bulkStep(staff.cookie, "baking", ["DROP TABLE orders"]);
    expect(forged.status).toBe(400);
    const customer = await signedInAs("customer");
    const refused = await bulkStep(customer.cookie, "baking", ["BB-U00001@new"]);
    expect(refused.status).toBe(403);
  });
});
