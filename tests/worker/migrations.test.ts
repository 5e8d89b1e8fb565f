import { applyD1Migrations, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDatabase } from "../../app/modules/platform/db.server";
import { productDay } from "../../app/modules/production/availability";
import { loadPlan } from "../../app/modules/production/plan.server";

/** Applies the migrations before `name`, runs `seed`, then the rest: a migration meeting old data. */
async function migrateAcross(db: D1Database, name: string, seed: (db: D1Database) => Promise<void>) {
  await applyD1Migrations(
    db,
    env.TEST_MIGRATIONS.filter((m) => m.name < name),
  );
  await seed(db);
  await applyD1Migrations(db, env.TEST_MIGRATIONS);
  return db;
}

const ORDER_STATES = [
  { status: "pending", flag: null, intent: null, refunded: 0 },
  { status: "awaiting_payment", flag: null, intent: null, refunded: 0 },
  { status: "paid", flag: null, intent: "pi_paid", refunded: 0 },
  { status: "paid", flag: "dispute", intent: "pi_disputed", refunded: 0 },
  { status: "paid", flag: "paid_after_expiry", intent: "pi_late", refunded: 250 },
  { status: "expired", flag: null, intent: null, refunded: 0 },
  { status: "refunded", flag: null, intent: "pi_refunded", refunded: 480 },
] as const;

describe("0013: one flag per order becomes a set of flags", () => {
  it("keeps every order in every state, moves each flag, and records what Stripe had said", async () => {
    const db = await migrateAcross(env.MIGRATION_DB, "0013", async (old) => {
      for (const [i, state] of ORDER_STATES.entries()) {
        await old
          .prepare(
            `INSERT INTO orders (number, access_token, email, name, status, fulfilment, slot_date, slot_time,
               reservation_expires_at, flag, stripe_payment_intent_id, refunded_pence, total_pence)
             VALUES (?, ?, 'old@example.com', 'Old', ?, 'collection', '2026-11-01', '08:00', '2026-11-01T00:00:00.000Z', ?, ?, ?, 480)`,
          )
          .bind(`BB-OLD00${i}`, `token-${i}`, state.status, state.flag, state.intent, state.refunded)
          .run();
      }
    });
    const orders = await db
      .prepare("SELECT number, status, refunded_pence FROM orders WHERE number LIKE 'BB-OLD%' ORDER BY number")
      .all<{ number: string; status: string; refunded_pence: number }>();
    expect(orders.results.map((o) => o.status)).toEqual(ORDER_STATES.map((s) => s.status));
    const flags = await db
      .prepare(
        "SELECT o.number, f.kind, f.resolved_at FROM order_flags f JOIN orders o ON o.id = f.order_id ORDER BY o.number",
      )
      .all();
    expect(flags.results).toEqual([
      { number: "BB-OLD003", kind: "dispute", resolved_at: null },
      { number: "BB-OLD004", kind: "paid_after_expiry", resolved_at: null },
    ]);
    const intents = await db
      .prepare(
        "SELECT id, amount_refunded, fully_refunded, disputed_at IS NOT NULL AS disputed FROM stripe_payment_intents ORDER BY id",
      )
      .all();
    expect(intents.results).toEqual([
      { id: "pi_disputed", amount_refunded: 0, fully_refunded: 0, disputed: 1 },
      { id: "pi_late", amount_refunded: 250, fully_refunded: 0, disputed: 0 },
      { id: "pi_paid", amount_refunded: 0, fully_refunded: 0, disputed: 0 },
      { id: "pi_refunded", amount_refunded: 480, fully_refunded: 1, disputed: 0 },
    ]);
    const columns = await db.prepare("SELECT name FROM pragma_table_info('orders')").all<{ name: string }>();
    expect(columns.results.map((c) => c.name)).not.toContain("flag");
  });
});

describe("0011: email links are bound to the address they were mailed to", () => {
  it("voids every outstanding change-email link and binds verify and reset links to the account's address", async () => {
    const db = await migrateAcross(env.MIGRATION_DB_TOKENS, "0011", async (old) => {
      await old
        .prepare(
          "INSERT INTO users (id, email, name, pending_email) VALUES (1, 'old@example.com', 'Old', 'new@example.com')",
        )
        .run();
      for (const [purpose, used] of [
        ["change-email", null],
        ["verify-email", null],
        ["reset-password", null],
        ["change-email", "2026-11-01T00:00:00.000Z"],
      ] as const) {
        await old
          .prepare(
            "INSERT INTO auth_tokens (user_id, purpose, token_hash, expires_at, used_at) VALUES (1, ?, ?, '2099-01-01T00:00:00.000Z', ?)",
          )
          .bind(purpose, crypto.randomUUID(), used)
          .run();
      }
    });
    const tokens = await db
      .prepare("SELECT purpose, email, used_at IS NOT NULL AS used FROM auth_tokens ORDER BY id")
      .all();
    expect(tokens.results).toEqual([
      { purpose: "change-email", email: null, used: 1 },
      { purpose: "verify-email", email: "old@example.com", used: 0 },
      { purpose: "reset-password", email: "old@example.com", used: 0 },
      { purpose: "change-email", email: null, used: 1 },
    ]);
  });
});

describe("0015: stock becomes a production plan (expand; 0020 contracts)", () => {
  it("plans each active product's stock on every open day, keeps unpaid and paid orders on their day, and not lapsed ones", async () => {
    const db = await migrateAcross(env.MIGRATION_DB_PLAN, "0015", async (old) => {
      await old.batch([
        old.prepare("INSERT INTO categories (id, slug, name) VALUES (1, 'bread', 'Bread')"),
        old.prepare(
          `INSERT INTO products (id, slug, name, category_id, price_pence, stock, status) VALUES
             (1, 'loaf', 'Loaf', 1, 450, 5, 'active'), (2, 'draft-loaf', 'Draft', 1, 450, 7, 'draft')`,
        ),
      ]);
      // Held (unpaid) for Saturday, paid for Friday, lapsed for Saturday: 2, 1 and 3 loaves.
      const orders = [
        ["BB-HELD01", "pending", "2026-12-05", 0, 2],
        ["BB-PAID01", "paid", "2026-12-04", 0, 1],
        ["BB-GONE01", "expired", "2026-12-05", 1, 3],
      ] as const;
      for (const [i, [number, status, date, released, quantity]] of orders.entries()) {
        await old.batch([
          old
            .prepare(
              `INSERT INTO orders (id, number, access_token, email, name, status, fulfilment, slot_date, slot_time,
                 reservation_expires_at, reservation_released, total_pence)
               VALUES (?, ?, 't', 'old@example.com', 'Old', ?, 'collection', ?, '08:00', '2026-12-01T00:00:00.000Z', ?, 450)`,
            )
            .bind(i + 1, number, status, date, released),
          old
            .prepare(
              "INSERT INTO order_items (order_id, product_id, name, unit_price_pence, quantity) VALUES (?, 1, 'Loaf', 450, ?)",
            )
            .bind(i + 1, quantity),
        ]);
      }
    });
    const schedules = await db
      .prepare("SELECT product_id, weekday, quantity FROM bake_schedules ORDER BY product_id, weekday")
      .all();
    expect(schedules.results).toEqual([2, 3, 4, 5, 6].map((weekday) => ({ product_id: 1, weekday, quantity: 5 })));
    const windows = await db.prepare("SELECT starts_at, capacity FROM collection_windows ORDER BY starts_at").all();
    expect(windows.results).toEqual(
      ["08:00", "10:00", "12:00", "14:00"].map((starts_at) => ({ starts_at, capacity: 8 })),
    );

    const { context, plans } = await loadPlan({ db: createDatabase(db) }, { from: "2026-12-01", to: "2026-12-15" });
    const loaf = plans.get(1);
    if (!loaf) throw new Error("the loaf has no plan");
    expect(plans.has(2)).toBe(false);
    const now = "2026-12-01T09:00";
    expect(productDay(context, loaf, "2026-12-05", now)).toMatchObject({ status: "available", left: 3 });
    expect(productDay(context, loaf, "2026-12-04", now)).toMatchObject({ status: "available", left: 4 });
    expect(productDay(context, loaf, "2026-12-06", now)).toMatchObject({ status: "closed" });
  });
});

describe("0018: a basket line becomes a product with its options", () => {
  it("keeps every basket's lines, quantities and order, with no options and no message", async () => {
    const db = await migrateAcross(env.MIGRATION_DB_OPTIONS, "0018", async (old) => {
      await old.batch([
        old.prepare("INSERT INTO categories (id, slug, name) VALUES (1, 'bread', 'Bread')"),
        old.prepare(
          `INSERT INTO products (id, slug, name, category_id, price_pence, status) VALUES
             (1, 'loaf', 'Loaf', 1, 450, 'active'), (2, 'bun', 'Bun', 1, 250, 'active')`,
        ),
        old.prepare("INSERT INTO baskets (id, bake_date) VALUES ('b1', '2026-12-05'), ('b2', NULL)"),
        old.prepare(
          `INSERT INTO basket_items (basket_id, product_id, quantity, added_at) VALUES
             ('b1', 2, 3, '2026-12-01T09:00:00Z'), ('b1', 1, 1, '2026-12-01T09:05:00Z'), ('b2', 1, 2, '2026-12-01T08:00:00Z')`,
        ),
      ]);
    });
    const lines = await db
      .prepare(
        "SELECT basket_id, product_id, choices, message, quantity FROM basket_items ORDER BY basket_id, added_at",
      )
      .all();
    expect(lines.results).toEqual([
      { basket_id: "b1", product_id: 2, choices: "", message: "", quantity: 3 },
      { basket_id: "b1", product_id: 1, choices: "", message: "", quantity: 1 },
      { basket_id: "b2", product_id: 1, choices: "", message: "", quantity: 2 },
    ]);
    // A second line of the same product with a message is now allowed; the same line twice is not.
    await db
      .prepare("INSERT INTO basket_items (basket_id, product_id, message, quantity) VALUES ('b1', 1, 'Hi', 1)")
      .run();
    await expect(
      db.prepare("INSERT INTO basket_items (basket_id, product_id, quantity) VALUES ('b1', 1, 1)").run(),
    ).rejects.toThrow(/UNIQUE/);
  });
});

describe("0019: the plan is keyed by product and variant", () => {
  it("keeps every plan row, counter and order line as the product as a whole (variant 0)", async () => {
    const db = await migrateAcross(env.MIGRATION_DB_VARIANTS, "0019", async (old) => {
      await old.batch([
        old.prepare("INSERT INTO categories (id, slug, name) VALUES (1, 'cakes', 'Cakes')"),
        old.prepare(
          "INSERT INTO products (id, slug, name, category_id, price_pence, status) VALUES (1, 'cake', 'Cake', 1, 2000, 'active')",
        ),
        old.prepare("INSERT INTO bake_schedules (product_id, weekday, quantity) VALUES (1, 6, 3)"),
        old.prepare("INSERT INTO bake_overrides (product_id, date, quantity) VALUES (1, '2026-12-12', 0)"),
        old.prepare("INSERT INTO day_holds (product_id, bake_date, planned, held) VALUES (1, '2026-12-05', 3, 2)"),
        old.prepare(
          `INSERT INTO orders (id, number, access_token, email, name, status, fulfilment, slot_date, slot_time,
             reservation_expires_at, total_pence)
           VALUES (1, 'BB-CAKE01', 't', 'old@example.com', 'Old', 'paid', 'collection', '2026-12-05', '08:00',
             '2026-12-01T00:00:00.000Z', 4000)`,
        ),
        old.prepare(
          "INSERT INTO order_items (order_id, product_id, name, unit_price_pence, quantity) VALUES (1, 1, 'Cake', 2000, 2)",
        ),
      ]);
    });
    const rows = await db.batch([
      db.prepare("SELECT product_id, variant_id, weekday, quantity FROM bake_schedules"),
      db.prepare("SELECT product_id, variant_id, date, quantity FROM bake_overrides"),
      db.prepare("SELECT product_id, variant_id, bake_date, planned, held FROM day_holds"),
      db.prepare("SELECT variant_id, quantity FROM order_items"),
    ]);
    expect(rows.map((result) => result.results)).toEqual([
      [{ product_id: 1, variant_id: 0, weekday: 6, quantity: 3 }],
      [{ product_id: 1, variant_id: 0, date: "2026-12-12", quantity: 0 }],
      [{ product_id: 1, variant_id: 0, bake_date: "2026-12-05", planned: 3, held: 2 }],
      [{ variant_id: 0, quantity: 2 }],
    ]);
    // The counter's CHECK came through the rebuild.
    await expect(db.prepare("UPDATE day_holds SET held = 4").run()).rejects.toThrow(/day_holds_within_plan/);
  });
});

describe("0020: products.stock is dropped (the contract step)", () => {
  it("rebuilds products without it, keeping every child row, option, plan row, basket line and search", async () => {
    const db = await migrateAcross(env.MIGRATION_DB_CONTRACT, "0020", async (old) => {
      await old.batch([
        old.prepare("INSERT INTO categories (id, slug, name) VALUES (1, 'cakes', 'Cakes')"),
        old.prepare(
          `INSERT INTO products (id, slug, name, category_id, price_pence, stock, status, description) VALUES
             (7, 'carrot-cake', 'Carrot Cake', 1, 2000, 4, 'active', 'Spiced sponge'),
             (9, 'rye', 'Danish Rye', 1, 450, 0, 'archived', '')`,
        ),
        old.prepare(
          "INSERT INTO product_images (product_id, r2_key, alt, width, height, position) VALUES (7, 'k', 'Cake', 800, 600, 0)",
        ),
        old.prepare(
          "INSERT INTO product_options (id, product_id, name, kind, planned_apart) VALUES (3, 7, 'Size', 'choice', 1)",
        ),
        old.prepare("INSERT INTO product_option_values (id, option_id, label) VALUES (11, 3, '8 inch')"),
        old.prepare("INSERT INTO baskets (id) VALUES ('b1')"),
        old.prepare("INSERT INTO basket_items (basket_id, product_id, choices, quantity) VALUES ('b1', 7, '11', 1)"),
        old.prepare("INSERT INTO bake_schedules (product_id, variant_id, weekday, quantity) VALUES (7, 11, 6, 2)"),
        old.prepare(
          "INSERT INTO bake_overrides (product_id, variant_id, date, quantity) VALUES (7, 11, '2026-12-12', 1)",
        ),
        old.prepare("INSERT INTO capacity_groups (id, name) VALUES (5, 'Cake decorator')"),
        old.prepare("INSERT INTO capacity_group_products (group_id, product_id) VALUES (5, 7)"),
        old.prepare(
          "INSERT INTO day_holds (product_id, variant_id, bake_date, planned, held) VALUES (7, 11, '2026-12-05', 2, 1)",
        ),
      ]);
    });
    const columns = await db.prepare("SELECT name FROM pragma_table_info('products')").all<{ name: string }>();
    expect(columns.results.map((column) => column.name)).not.toContain("stock");
    const counts = await db.batch(
      [
        "products",
        "product_images",
        "product_options",
        "product_option_values",
        "basket_items",
        "bake_schedules",
        "bake_overrides",
        "capacity_group_products",
        "day_holds",
      ].map((table) => db.prepare(`SELECT count(*) AS n FROM ${table}`)),
    );
    expect(counts.map((result) => result.results[0])).toEqual([2, 1, 1, 1, 1, 1, 1, 1, 1].map((n) => ({ n })));
    const search = await db.prepare("SELECT rowid FROM products_fts WHERE products_fts MATCH 'spiced'").all();
    expect(search.results).toEqual([{ rowid: 7 }]);
    // Search still follows writes, and the other constraints still hold.
    await db.prepare("UPDATE products SET description = 'Walnut crumb' WHERE id = 7").run();
    expect(
      (await db.prepare("SELECT rowid FROM products_fts WHERE products_fts MATCH 'walnut'").all()).results,
    ).toEqual([{ rowid: 7 }]);
    await expect(db.prepare("UPDATE products SET price_pence = -1 WHERE id = 7").run()).rejects.toThrow(/CHECK/);
    const next = await db
      .prepare("INSERT INTO products (slug, name, category_id, price_pence) VALUES ('bun', 'Bun', 1, 250) RETURNING id")
      .first<number>("id");
    expect(next).toBe(10);
  });
});
