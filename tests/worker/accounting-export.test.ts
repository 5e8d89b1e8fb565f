import { env, SELF } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { ACCOUNTING_COLUMNS } from "../../app/modules/accounting/accounting-columns";
import { EXPORT_PAGE_SIZE } from "../../app/modules/accounting/accounting-export.server";
import { shopLocalDateTime } from "../../app/modules/checkout/slots";
import { get, ORIGIN, postForm, signedInAs } from "./helpers";
import { paidOrderOf, registerForVat } from "./orders-helpers";

afterEach(async () => {
  await registerForVat(null);
  await env.DB.prepare("UPDATE products SET vat_category = 'zero'").run();
});

type Row = Record<string, string>;

/** The CSV as a spreadsheet reads it: BOM, header, rows (no cell here needs quoting, which is checked). */
async function download(cookie: string, from: string, to: string) {
  const response = await SELF.fetch(`${ORIGIN}/admin/accounts.csv?from=${from}&to=${to}`, {
    headers: { Cookie: cookie },
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  // As a spreadsheet reads it: the byte-order mark kept, not swallowed as a decoder would.
  return { response, bytes, ...parse(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)) };
}

function parse(text: string) {
  expect(text.startsWith("\uFEFF")).toBe(true);
  const lines = text.slice(1).split("\r\n");
  expect(lines.at(-1)).toBe("");
  const [header = "", ...rows] = lines.slice(0, -1);
  for (const line of rows) expect(line).not.toContain('"');
  const headers = header.split(",");
  return {
    headers,
    rows: rows.map((line) => Object.fromEntries(line.split(",").map((cell, i) => [headers[i], cell])) as Row),
  };
}

const pence = (cell: string | undefined) => Math.round(Number(cell) * 100);

/** Every row's VAT columns and the not-registered one add up to its total. */
function expectBalanced(row: Row) {
  const parts = ["Standard-rated net", "Standard-rated VAT", "Reduced-rated net", "Reduced-rated VAT", "Zero-rated"];
  const sum = parts.reduce((total, column) => total + pence(row[column]), 0) + pence(row["Not VAT-registered"]);
  expect(sum).toBe(pence(row.Total));
  expect(pence(row["Total VAT"])).toBe(pence(row["Standard-rated VAT"]) + pence(row["Reduced-rated VAT"]));
}

const today = () => shopLocalDateTime(new Date()).slice(0, 10);

async function refund(cookie: string, number: string, amountPence: number) {
  await env.DB.prepare("UPDATE orders SET stripe_payment_intent_id = ? WHERE number = ?")
    .bind(`pi_test_${crypto.randomUUID().slice(0, 12)}`, number)
    .run();
  const review = await postForm(
    `/admin/orders/${number}`,
    { intent: "review-refund", amount: (amountPence / 100).toFixed(2) },
    cookie,
  );
  const key = review.html.match(/name="idempotencyKey" value="([0-9a-f-]{36})"/)?.[1] ?? "";
  const done = await postForm(
    `/admin/orders/${number}`,
    { intent: "refund", amountPence: String(amountPence), reason: "", cancel: "no", idempotencyKey: key },
    cookie,
  );
  expect(done.response.status).toBe(303);
}

describe("accounting export (Admin → Accounts)", () => {
  it("streams a CSV Excel reads: BOM, CRLF, documented headers, a row per sale and refund with VAT per rate", async () => {
    const admin = await signedInAs("admin");
    const before = await paidOrderOf([["country-sourdough", 2]]);
    await registerForVat("GB123456789");
    await env.DB.prepare("UPDATE products SET vat_category = 'standard' WHERE slug = 'chocolate-brownies'").run();
    const sale = await paidOrderOf([
      ["chocolate-brownies", 1],
      ["country-sourdough", 1],
    ]);
    await refund(admin.cookie, sale.number, 500);

    const { response, bytes, headers, rows } = await download(admin.cookie, today(), today());
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="band-of-bakers-accounts-${today()}-to-${today()}.csv"`,
    );
    expect(response.headers.get("Cache-Control")).toContain("no-store");
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(headers).toEqual(ACCOUNTING_COLUMNS.map((column) => column.header));

    const mine = rows.filter((row) => row.Order === before.number || row.Order === sale.number);
    expect(mine.map((row) => [row.Order, row.Type])).toEqual([
      [before.number, "Sale"],
      [sale.number, "Sale"],
      [sale.number, "Refund"],
    ]);
    const [unregistered, registered, refunded] = mine as [Row, Row, Row];
    expect(unregistered).toMatchObject({ "VAT document": "", "Total VAT": "0.00" });
    expect(pence(unregistered["Not VAT-registered"])).toBe(before.totalPence);

    const receipt = await env.DB.prepare("SELECT id FROM vat_documents WHERE order_id = ? AND kind = 'receipt'")
      .bind(sale.id)
      .first<number>("id");
    expect(registered["VAT document"]).toBe(String(receipt).padStart(6, "0"));
    expect(pence(registered.Total)).toBe(sale.totalPence);
    expect(pence(registered.Goods) + pence(registered.Delivery)).toBe(sale.totalPence);
    const brownie = sale.items.find((item) => item.name.startsWith("Chocolate Brownies"))?.unitPricePence ?? 0;
    expect(pence(registered["Standard-rated VAT"])).toBe(Math.round(brownie / 6));
    expect(registered.Date).toBe(today());
    expect(registered.Time).toMatch(/^\d\d:\d\d$/);
    const intent = await env.DB.prepare("SELECT stripe_payment_intent_id AS id FROM orders WHERE id = ?")
      .bind(sale.id)
      .first<string>("id");
    expect(registered["Stripe payment"]).toBe(intent);

    expect(refunded.Total).toBe("-5.00");
    expect(refunded.Goods).toBe("");
    expect(pence(refunded["Total VAT"])).toBeLessThan(0);
    expect(refunded["VAT document"]).toMatch(/^\d{6}$/);
    for (const row of mine) expectBalanced(row);
  });

  it("pages through more rows than one read holds, in time order, each once, by shop day", async () => {
    const admin = await signedInAs("admin");
    // Orders paid over January 2025, a few minutes apart; the last at 00:30 on 1 February (UK time),
    // which belongs to February. Inserted directly: the export reads paid orders however they came.
    const count = EXPORT_PAGE_SIZE * 2 + 7;
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO orders (number, access_token, email, name, status, fulfilment, slot_date, slot_time,
         reservation_expires_at, paid_at, subtotal_pence, delivery_fee_pence, total_pence)
       SELECT 'BULK-' || i, 'token', 'bulk@example.com', 'Bulk', 'paid', 'collection', '2025-01-31', '08:00',
         '2025-01-31T00:00:00.000Z', strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01T00:00:00', '+' || (i * 40) || ' minutes'),
         450, 0, 450
       FROM n`,
    )
      .bind(count)
      .run();
    await env.DB.prepare(
      `INSERT INTO order_items (order_id, product_id, name, unit_price_pence, quantity)
       SELECT id, 1, 'Loaf', 450, 1 FROM orders WHERE number LIKE 'BULK-%'`,
    ).run();
    await env.DB.prepare("UPDATE orders SET paid_at = '2025-02-01T00:30:00.000Z' WHERE number = ?")
      .bind(`BULK-${count}`)
      .run();

    const january = await download(admin.cookie, "2025-01-01", "2025-01-31");
    const numbers = january.rows.map((row) => row.Order);
    expect(numbers).toHaveLength(count - 1);
    expect(new Set(numbers).size).toBe(count - 1);
    expect(numbers[0]).toBe("BULK-1");
    expect(numbers.at(-1)).toBe(`BULK-${count - 1}`);
    const times = january.rows.map((row) => `${row.Date}T${row.Time}`);
    expect([...times].sort()).toEqual(times);
    expect(january.rows.every((row) => row.Date?.startsWith("2025-01"))).toBe(true);

    const february = await download(admin.cookie, "2025-02-01", "2025-02-28");
    expect(february.rows.map((row) => [row.Order, row.Date, row.Time])).toEqual([
      [`BULK-${count}`, "2025-02-01", "00:30"],
    ]);
  });

  it("the page checks the dates by their fields and keeps them; a hand-made bad link is a 400", async () => {
    const admin = await signedInAs("admin");
    const backwards = await postForm("/admin/accounts", { from: "2026-11-30", to: "2026-11-01" }, admin.cookie);
    expect(backwards.response.status).toBe(400);
    expect(backwards.html).toContain("The last day must be on or after the first");
    expect(backwards.html).toContain('value="2026-11-30"');
    const tooLong = await postForm("/admin/accounts", { from: "2024-01-01", to: "2026-01-01" }, admin.cookie);
    expect(tooLong.html).toContain("Choose at most 366 days");
    const impossible = await postForm("/admin/accounts", { from: "2026-02-31", to: "2026-03-01" }, admin.cookie);
    expect(impossible.html).toContain("Enter the first day, like 2026-11-01");

    const fine = await postForm("/admin/accounts", { from: "2026-11-01", to: "2026-11-30" }, admin.cookie);
    expect(fine.response.status).toBe(303);
    expect(fine.response.headers.get("Location")).toBe("/admin/accounts?from=2026-11-01&to=2026-11-30");
    const page = await get("/admin/accounts?from=2026-11-01&to=2026-11-30", { headers: { Cookie: admin.cookie } });
    expect(page.html).toContain("/admin/accounts.csv?from=2026-11-01&amp;to=2026-11-30");

    const bad = await get("/admin/accounts.csv?from=2026-02-31&to=nope", { headers: { Cookie: admin.cookie } });
    expect(bad.response.status).toBe(400);
  });

  it("is for admins: staff and customers get a 403, and a signed-out visitor is sent to sign in", async () => {
    for (const role of ["staff", "customer"] as const) {
      const user = await signedInAs(role);
      const csv = await get("/admin/accounts.csv?from=2026-11-01&to=2026-11-30", { headers: { Cookie: user.cookie } });
      expect(csv.response.status).toBe(403);
      expect(csv.html).not.toContain("Stripe payment");
    }
    const anonymous = await get("/admin/accounts.csv?from=2026-11-01&to=2026-11-30", { redirect: "manual" });
    expect(anonymous.response.status).toBe(302);
  });
});
