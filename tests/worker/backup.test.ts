import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BACKUP_PREFIX, backUpToR2, exportDatabase, restoreDatabase } from "../../app/modules/jobs/backup";
import { postForm, signedInAs } from "./helpers";
import { reservedOrder } from "./orders-helpers";

async function snapshot(): Promise<Record<string, unknown[]>> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'products_fts%' AND name != 'd1_migrations' ORDER BY name",
  ).all<{ name: string }>();
  const tables: Record<string, unknown[]> = {};
  for (const { name } of results) {
    const rows = (await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results;
    tables[name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return tables;
}

describe("D1 backup", () => {
  it("backup → wipe → restore gives identical data, search index included", async () => {
    // Some of everything: accounts, an order with items, text with quotes and line breaks.
    await signedInAs("admin", "O'Brien Admin");
    await reservedOrder("country-sourdough", 2);
    await env.DB.prepare("UPDATE products SET description = ? WHERE slug = 'country-sourdough'")
      .bind("Line one.\nLine two, with 'quotes' and a ; semicolon.")
      .run();
    await postForm("/signup", {
      name: "Émile Zola",
      email: `emile${Date.now()}@example.com`,
      password: "a good long password",
    });
    const before = await snapshot();
    expect(Object.keys(before).length).toBeGreaterThan(10);

    const { sql, rows } = await exportDatabase(env.DB);
    expect(rows).toBeGreaterThan(40);
    expect(sql.split("\n").every((line) => line === "" || line.endsWith(";"))).toBe(true);

    // Wipe everything the backup covers; the restore runs whatever happens, so a failure here
    // cannot leave the rest of the file an empty database.
    try {
      for (const table of Object.keys(before).reverse()) await env.DB.prepare(`DELETE FROM "${table}"`).run();
      expect(await env.DB.prepare("SELECT count(*) AS n FROM products").first<number>("n")).toBe(0);
    } finally {
      await restoreDatabase(env.DB, sql);
    }
    expect(await snapshot()).toEqual(before);
    const found = await env.DB.prepare("SELECT rowid FROM products_fts WHERE products_fts MATCH 'semicolon'").all();
    expect(found.results).toHaveLength(1);
  });

  it("round-trips awkward text exactly: NUL, tab, line separators, quotes and emoji", async () => {
    // Written straight to D1, as data from before forms refused control characters would be.
    const awkward = "Nul\u0000byte\ttab\u2028line\u2029para \u001b esc 'single' \"double\" ;-- 🍞🥐 \r\n end";
    const order = await reservedOrder("country-sourdough", 1);
    await env.DB.prepare("UPDATE orders SET name = ?, phone = ? WHERE id = ?").bind(awkward, "\u0000", order.id).run();
    const before = await snapshot();
    const { sql } = await exportDatabase(env.DB);
    // Every statement still sits on one line with nothing raw a replay could choke on.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking none are left raw.
    expect(/[\u0000-\u0009\u000b-\u001f\u2028\u2029]/.test(sql)).toBe(false);
    try {
      for (const table of Object.keys(before).reverse()) await env.DB.prepare(`DELETE FROM "${table}"`).run();
    } finally {
      await restoreDatabase(env.DB, sql);
    }
    expect(await snapshot()).toEqual(before);
    const restored = await env.DB.prepare("SELECT name, phone FROM orders WHERE id = ?")
      .bind(order.id)
      .first<{ name: string; phone: string }>();
    expect(restored).toEqual({ name: awkward, phone: "\u0000" });
  });

  it("writes timestamped backups to R2 and keeps the newest ones", async () => {
    const first = await backUpToR2(
      { d1: env.DB, media: env.MEDIA },
      { keep: 2, now: new Date("2030-01-01T03:17:00Z") },
    );
    expect(first.key).toBe(`${BACKUP_PREFIX}2030-01-01T03-17-00-000Z.sql`);
    await backUpToR2({ d1: env.DB, media: env.MEDIA }, { keep: 2, now: new Date("2030-01-02T03:17:00Z") });
    const third = await backUpToR2(
      { d1: env.DB, media: env.MEDIA },
      { keep: 2, now: new Date("2030-01-03T03:17:00Z") },
    );
    expect(third.removed).toBe(1);
    const keys = (await env.MEDIA.list({ prefix: BACKUP_PREFIX })).objects.map((o) => o.key).sort();
    expect(keys).toEqual([
      `${BACKUP_PREFIX}2030-01-02T03-17-00-000Z.sql`,
      `${BACKUP_PREFIX}2030-01-03T03-17-00-000Z.sql`,
    ]);
    const stored = await env.MEDIA.get(third.key);
    expect((await stored?.text())?.startsWith("PRAGMA defer_foreign_keys = on;\nDELETE FROM")).toBe(true);
  });
});
