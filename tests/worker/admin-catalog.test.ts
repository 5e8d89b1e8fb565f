import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { get, noticeOf, postForm, signedInAs } from "./helpers";

let counter = 0;

function productFields(overrides: Record<string, string> = {}) {
  counter += 1;
  return {
    name: `Test Loaf ${Date.now()} ${counter}`,
    slug: "",
    categoryId: "1",
    price: "4.20",
    summary: "A test loaf",
    description: "Baked in a test.",
    ingredients: "Flour, water, salt",
    allergens: "gluten",
    status: "active",
    bakedEachOpenDay: "12",
    ...overrides,
  };
}

async function createProduct(cookie: string, overrides: Record<string, string> = {}) {
  const fields = productFields(overrides);
  const { response, html } = await postForm("/admin/products/new", fields, cookie);
  const id = Number(response.headers.get("Location")?.match(/\/admin\/products\/(\d+)/)?.[1]);
  return { response, html, id, fields };
}

const productRow = (id: number) =>
  env.DB.prepare("SELECT slug, name, price_pence, status, version, allergens FROM products WHERE id = ?")
    .bind(id)
    .first<{
      slug: string;
      name: string;
      price_pence: number;
      status: string;
      version: number;
      allergens: string;
    }>();

const auditRows = (id: number) =>
  env.DB.prepare(
    "SELECT action, actor_user_id, before, after FROM audit_log WHERE entity = 'product' AND entity_id = ? ORDER BY id",
  )
    .bind(id)
    .all<{ action: string; actor_user_id: number; before: string | null; after: string }>()
    .then((r) => r.results);

function editFields(row: { name: string; slug: string; version: number }, overrides: Record<string, string> = {}) {
  return {
    intent: "save",
    version: String(row.version),
    name: row.name,
    slug: row.slug,
    categoryId: "1",
    price: "4.20",
    summary: "A test loaf",
    description: "Baked in a test.",
    ingredients: "Flour, water, salt",
    allergens: "gluten",
    status: "active",
    ...overrides,
  };
}

describe("catalogue admin", () => {
  it("creates a product with a slug from its name, audited, and it is in the shop at once", async () => {
    const admin = await signedInAs("admin");
    const { response, id, fields } = await createProduct(admin.cookie);
    expect(response.status).toBe(303);
    const row = await productRow(id);
    expect(row).toMatchObject({ name: fields.name, price_pence: 420, status: "active", version: 1 });
    expect(row?.slug).toBe(fields.name.toLowerCase().replaceAll(" ", "-"));
    expect(JSON.parse(row?.allergens ?? "[]")).toEqual(["gluten"]);
    const audit = await auditRows(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "create", actor_user_id: admin.id, before: null });
    const page = await get(`/products/${row?.slug}`);
    expect(page.response.status).toBe(200);
    expect(page.html).toContain(fields.name);
  });

  it("refuses a taken web address and a bad price by the field, keeping the values and writing nothing", async () => {
    const admin = await signedInAs("admin");
    const before = await env.DB.prepare("SELECT count(*) AS n FROM products").first<number>("n");
    const taken = await createProduct(admin.cookie, { slug: "country-sourdough", name: "Another Sourdough" });
    expect(taken.response.status).toBe(409);
    expect(taken.html).toContain("Another product already uses this web address");
    expect(taken.html).toContain('value="Another Sourdough"');
    const badPrice = await createProduct(admin.cookie, { price: "four pounds" });
    expect(badPrice.response.status).toBe(400);
    expect(badPrice.html).toContain("Enter a price in pounds and pence");
    expect(badPrice.html).toContain('value="four pounds"');
    expect(await env.DB.prepare("SELECT count(*) AS n FROM products").first<number>("n")).toBe(before);
  });

  it("two admins editing at once: the second save is refused with both versions shown, nothing lost", async () => {
    const [first, second] = [await signedInAs("admin", "Alex Admin"), await signedInAs("admin", "Bea Admin")];
    const { id } = await createProduct(first.cookie);
    const opened = await productRow(id);
    if (!opened) throw new Error("no product");

    const a = await postForm(`/admin/products/${id}`, editFields(opened, { price: "5.00" }), first.cookie);
    expect(a.response.status).toBe(303);
    const b = await postForm(
      `/admin/products/${id}`,
      editFields(opened, { summary: "Bea's better summary" }),
      second.cookie,
    );
    expect(b.response.status).toBe(409);
    expect(b.html).toContain("Someone changed this product since you opened it");
    expect(b.html).toContain("Bea&#x27;s better summary"); // her edit is still in the form
    expect(b.html).toContain("Price: £5.00 (yours: £4.20)"); // and she sees what changed

    const now = await productRow(id);
    expect(now).toMatchObject({ price_pence: 500, version: 2 });
    expect((await auditRows(id)).map((r) => r.action)).toEqual(["create", "update"]);

    // Saving again against the version she has now seen goes through.
    const version = b.html.match(/name="version" value="(\d+)"/)?.[1];
    expect(version).toBe("2");
    const again = await postForm(
      `/admin/products/${id}`,
      editFields(opened, { summary: "Bea's better summary", version: "2" }),
      second.cookie,
    );
    expect(again.response.status).toBe(303);
  });

  it("concurrent saves from the same version: exactly one wins", async () => {
    const admin = await signedInAs("admin");
    const { id } = await createProduct(admin.cookie);
    const opened = await productRow(id);
    if (!opened) throw new Error("no product");
    const results = await Promise.all(
      ["6.00", "7.00", "8.00"].map((price) =>
        postForm(`/admin/products/${id}`, editFields(opened, { price }), admin.cookie),
      ),
    );
    expect(results.map((r) => r.response.status).sort()).toEqual([303, 409, 409]);
    expect((await auditRows(id)).filter((r) => r.action === "update")).toHaveLength(1);
  });

  it("records before and after in the audit log and shows it on the product's page", async () => {
    const admin = await signedInAs("admin", "Audrey Audit");
    const { id } = await createProduct(admin.cookie);
    const opened = await productRow(id);
    if (!opened) throw new Error("no product");
    await postForm(`/admin/products/${id}`, editFields(opened, { price: "4.75" }), admin.cookie);
    const update = (await auditRows(id)).at(-1);
    expect(JSON.parse(update?.before ?? "{}").pricePence).toBe(420);
    expect(JSON.parse(update?.after ?? "{}").pricePence).toBe(475);
    const { html } = await get(`/admin/products/${id}`, { headers: { Cookie: admin.cookie } });
    expect(html).toContain("update by Audrey Audit");
    expect(html).toContain("Price: £4.20 → £4.75");
  });

  it("sets how many one order may hold, which the shop's quantity choice follows", async () => {
    const admin = await signedInAs("admin");
    const { id } = await createProduct(admin.cookie, { status: "active" });
    const opened = await productRow(id);
    if (!opened) throw new Error("no product");
    const refused = await postForm(`/admin/products/${id}`, editFields(opened, { maxPerOrder: "0" }), admin.cookie);
    expect(refused.response.status).toBe(400);
    expect(refused.html).toContain("At least 1");
    await postForm(`/admin/products/${id}`, editFields(opened, { maxPerOrder: "3" }), admin.cookie);
    expect(
      await env.DB.prepare("SELECT max_per_order FROM products WHERE id = ?").bind(id).first("max_per_order"),
    ).toBe(3);
    const { html } = await get(`/products/${opened.slug}`);
    expect(html).toContain('<option value="3">3</option>');
    expect(html).not.toContain('<option value="4">4</option>');
  });

  it("publishes and unpublishes, and the shop follows (catalogue cache invalidated)", async () => {
    const admin = await signedInAs("admin");
    const { id } = await createProduct(admin.cookie, { status: "draft" });
    const row = await productRow(id);
    expect((await get(`/products/${row?.slug}`)).response.status).toBe(404);
    const publish = await postForm(
      `/admin/products/${id}`,
      { intent: "status", status: "active", version: String(row?.version) },
      admin.cookie,
    );
    expect(publish.response.headers.get("Location")).toBe(`/admin/products/${id}`);
    expect(await noticeOf(publish.response)).toBe("Published: it's in the shop now.");
    expect((await get(`/products/${row?.slug}`)).response.status).toBe(200);
    const unpublish = await postForm(
      `/admin/products/${id}`,
      { intent: "status", status: "draft", version: String((row?.version ?? 0) + 1) },
      admin.cookie,
    );
    expect(unpublish.response.status).toBe(303);
    expect((await get(`/products/${row?.slug}`)).response.status).toBe(404);
  });

  it("plans a new product on every open weekday, and it is on sale", async () => {
    const admin = await signedInAs("admin");
    const { id } = await createProduct(admin.cookie, { bakedEachOpenDay: "7" });
    const schedule = await env.DB.prepare(
      "SELECT weekday, quantity FROM bake_schedules WHERE product_id = ? ORDER BY weekday",
    )
      .bind(id)
      .all();
    expect(schedule.results).toEqual([2, 3, 4, 5, 6].map((weekday) => ({ weekday, quantity: 7 })));
    const row = await productRow(id);
    expect((await get(`/products/${row?.slug}`)).html).toMatch(/Next bake \w+ \d+ \w+/);
    // Planned at 0 it is in the shop but not on sale until the grid plans it.
    const unplanned = await createProduct(admin.cookie, { bakedEachOpenDay: "0" });
    const unplannedRow = await productRow(unplanned.id);
    expect((await get(`/products/${unplannedRow?.slug}`)).html).toContain("Not on sale soon");
  });

  it("sets a product's notice and its season, and the shop's bake days follow", async () => {
    const admin = await signedInAs("admin");
    const { id } = await createProduct(admin.cookie);
    const opened = await productRow(id);
    if (!opened) throw new Error("no product");
    const saved = await postForm(
      `/admin/products/${id}`,
      editFields(opened, { noticeMinutes: "10080", sellFrom: "2026-12-01", sellUntil: "2026-12-24" }),
      admin.cookie,
    );
    expect(saved.response.status).toBe(303);
    const stored = await env.DB.prepare(
      "SELECT order_deadline_minutes AS notice, sell_from, sell_until FROM products WHERE id = ?",
    )
      .bind(id)
      .first();
    expect(stored).toEqual({ notice: 10080, sell_from: "2026-12-01", sell_until: "2026-12-24" });
    // Seen on Tuesday 1 December: a week's notice closes the next days; after Christmas Eve it is out of season.
    const page = (
      await get(`/products/${opened.slug}`, { headers: { "X-Test-Now": "2026-12-01T09:00:00Z" } })
    ).html.replaceAll("<!-- -->", "");
    expect(page).toContain("Wed 2 Dec</span>: orders closed Wed 25 Nov, 00:00");
    expect(page).toContain("Tue 8 Dec</span>: orders closed Tue 1 Dec, 00:00");
    expect(page).toMatch(/Wed 9 Dec<\/span>: \d+ left/);
    const late = (
      await get(`/products/${opened.slug}`, { headers: { "X-Test-Now": "2026-12-21T09:00:00Z" } })
    ).html.replaceAll("<!-- -->", "");
    expect(late).toContain("out of season");

    const backwards = await postForm(
      `/admin/products/${id}`,
      editFields({ ...opened, version: opened.version + 1 }, { sellFrom: "2026-12-24", sellUntil: "2026-12-01" }),
      admin.cookie,
    );
    expect(backwards.response.status).toBe(400);
    expect(backwards.html).toContain("End on or after the first day");
  });

  it("is for admins: staff and customers get 403 on every catalogue page and form", async () => {
    const admin = await signedInAs("admin");
    const { id } = await createProduct(admin.cookie);
    for (const role of ["staff", "customer"] as const) {
      const { cookie } = await signedInAs(role);
      for (const path of ["/admin/products", "/admin/products/new", `/admin/products/${id}`]) {
        const status = (await get(path, { headers: { Cookie: cookie }, redirect: "manual" })).response.status;
        expect(status, `${role} GET ${path}`).toBe(403);
      }
      expect((await postForm("/admin/products/new", productFields(), cookie)).response.status).toBe(403);
      expect(
        (await postForm(`/admin/products/${id}`, { intent: "status", status: "draft" }, cookie)).response.status,
      ).toBe(403);
    }
    expect((await productRow(id))?.status).toBe("active");
  });
});
