import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { refundsPage, salesPage } from "../../app/modules/accounting/accounting-export.server";
import {
  basketAwaitingPayment,
  expiredReservations,
  heldPerBakeDay,
  ordersOfPaymentIntent,
  ordersOfUser,
  orderWhere,
  salesSince,
  stuckEmails,
} from "../../app/modules/platform/hot-queries.server";
import { orders } from "../../database/schema";
import { testContext } from "./helpers";

// Decision 018: every hot query (app/modules/platform/hot-queries.server.ts) is checked against a
// database with thousands of orders, as the query planner sees it after ANALYZE.

/** Tables that grow with trade: a full scan of one is a query that slows down every week. */
const GROWING = [
  "orders",
  "order_items",
  "order_events",
  "email_outbox",
  "stripe_events",
  "audit_log",
  "uploads",
  "refunds",
  "baskets",
  "basket_items",
];

const ORDERS = 4000;

const NOVEMBER = { from: "2026-11-01", to: "2026-11-30" };

beforeAll(async () => {
  // Four thousand orders over a year of bake days, two lines each, some paid, an email each.
  await env.DB.batch([
    env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ORDERS})
       INSERT INTO orders (number, access_token, basket_id, email, name, status, fulfilment, slot_date, slot_time,
         reservation_expires_at, reservation_released, paid_at, stripe_session_id, stripe_payment_intent_id,
         user_id, client_key, total_pence)
       SELECT 'BB-P' || i, 't' || i, 'basket-' || i, 'shopper' || (i % 500) || '@example.com', 'Shopper',
         CASE i % 4 WHEN 0 THEN 'pending' WHEN 1 THEN 'expired' ELSE 'paid' END, 'collection',
         date('2026-01-01', '+' || (i % 365) || ' days'), '08:00', '2026-01-01T00:00:00.000Z', i % 4 = 1,
         CASE WHEN i % 4 >= 2 THEN date('2026-01-01', '+' || (i % 365) || ' days') || 'T09:00:00Z' END,
         'cs_plan_' || i, 'pi_plan_' || i, NULL, 'client-' || (i % 700), 1200
       FROM n`,
    ),
    env.DB.prepare(
      `INSERT INTO order_items (order_id, product_id, name, unit_price_pence, quantity)
       SELECT id, 1 + (id % 20), 'Loaf', 600, 1 FROM orders WHERE number LIKE 'BB-P%'
       UNION ALL SELECT id, 1 + ((id + 7) % 20), 'Bun', 300, 2 FROM orders WHERE number LIKE 'BB-P%'`,
    ),
    env.DB.prepare(
      `INSERT INTO email_outbox (order_id, kind, recipient, subject, html, text, status)
       SELECT id, 'confirmation', email, 'Thanks', '<p>Thanks</p>', 'Thanks', CASE id % 10 WHEN 0 THEN 'queued' ELSE 'sent' END
       FROM orders WHERE number LIKE 'BB-P%'`,
    ),
    env.DB.prepare(
      `INSERT INTO refunds (order_id, amount_pence, idempotency_key, status, updated_at)
       SELECT id, 100, 'plan-' || id, CASE id % 3 WHEN 0 THEN 'failed' ELSE 'succeeded' END, paid_at
       FROM orders WHERE number LIKE 'BB-P%' AND paid_at IS NOT NULL AND id % 5 = 0`,
    ),
    env.DB.prepare("ANALYZE"),
  ]);
});

type Built = { toSQL(): { sql: string; params: unknown[] } };

async function plan(query: Built): Promise<string[]> {
  const { sql, params } = query.toSQL();
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return rows.results.map((row) => row.detail);
}

/** "SCAN orders" (every row read) of a growing table; a search or an ordered index walk is fine. */
function fullScans(details: string[]): string[] {
  return details.filter((detail) => {
    const scanned = /^SCAN (\w+)/.exec(detail)?.[1];
    return scanned !== undefined && GROWING.includes(scanned) && !/USING (COVERING )?INDEX/.test(detail);
  });
}

describe("hot queries use indexes (EXPLAIN QUERY PLAN over thousands of orders)", () => {
  const db = () => testContext().db;
  // Each query, and the index it must be answered from (a low-selectivity one, such as an order's
  // status, reads most of the table however it is named).
  const cases: [string, () => Built, string][] = [
    [
      "availability: what orders hold per bake day",
      () => heldPerBakeDay(db(), { from: "2026-06-01", to: "2026-06-14" }),
      "orders_slot_idx",
    ],
    [
      "availability for a page's products",
      () => heldPerBakeDay(db(), { from: "2026-06-01", to: "2026-06-14" }, [1, 2, 3]),
      "orders_slot_idx",
    ],
    ["checkout: the basket's unpaid orders", () => basketAwaitingPayment(db(), "basket-17"), "orders_basket_idx"],
    [
      "webhooks: the orders of a payment intent",
      () => ordersOfPaymentIntent(db(), "pi_plan_42"),
      "orders_payment_intent_idx",
    ],
    [
      "webhooks: the order of a checkout session",
      () =>
        db()
          .select({ id: orders.id })
          .from(orders)
          .where(orderWhere({ stripeSessionId: "cs_plan_42" })),
      "orders_stripe_session_id_unique",
    ],
    [
      "order pages: an order by its number",
      () =>
        db()
          .select({ id: orders.id })
          .from(orders)
          .where(orderWhere({ number: "BB-P42" })),
      "orders_number_unique",
    ],
    [
      "cron: expired reservations",
      () => expiredReservations(db(), "2026-06-01T00:00:00.000Z"),
      "orders_status_expiry_idx (status=? AND reservation_expires_at<?)",
    ],
    ["cron: stuck emails", () => stuckEmails(db(), "2026-06-01T00:00:00.000Z"), "email_outbox_status_idx"],
    ["dashboard: takings since a date", () => salesSince(db(), "2026-11-01"), "orders_paid_at_idx"],
    ["account: an account's orders", () => ordersOfUser(db(), 3), "orders_user_idx"],
    [
      "accounts export: a page of sales",
      () => salesPage(db(), NOVEMBER, { at: "2026-11-10T09:00:00Z", id: 40 }).rows,
      "orders_paid_at_idx",
    ],
    ["accounts export: the page's lines", () => salesPage(db(), NOVEMBER, null).lines, "order_items_order_idx"],
    [
      "accounts export: a page of refunds",
      () => refundsPage(db(), NOVEMBER, { at: "2026-11-10T09:00:00Z", id: 40 }).rows,
      "refunds_status_updated_idx",
    ],
  ];
  for (const [name, build, index] of cases) {
    it(`${name}: ${index}`, async () => {
      const details = await plan(build());
      expect(fullScans(details), details.join(" | ")).toEqual([]);
      expect(details.join(" | ")).toContain(index);
    });
  }

  it("the check itself sees a full scan when there is one", async () => {
    const scan = await plan(
      db()
        .select({ id: orders.id })
        .from(orders)
        .where(orderWhere({ number: "BB-P42" }))
        .orderBy(orders.name),
    );
    expect(scan.some((detail) => detail.includes("orders"))).toBe(true);
    const unindexed = await plan({
      toSQL: () => ({ sql: "SELECT id FROM orders WHERE name = ?", params: ["Shopper"] }),
    });
    expect(fullScans(unindexed)).toEqual(["SCAN orders"]);
  });
});
