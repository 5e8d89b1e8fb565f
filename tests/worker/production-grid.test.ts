import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { shopLocalDateTime } from "../../app/modules/checkout/slots";
import { addDays, weekdayOf } from "../../app/modules/production/availability";
import { get, noticeOf, ORIGIN, pageAfter, postForm, signedInAs } from "./helpers";
import { product, reservedOrder } from "./orders-helpers";

const today = shopLocalDateTime(new Date()).slice(0, 10);
/** The first date from a week ahead falling on `weekday` (inside the grid's fortnight, past any cut-off). */
function next(weekday: number) {
  let date = addDays(today, 7);
  while (weekdayOf(date) !== weekday) date = addDays(date, 1);
  return date;
}
const FRIDAY = next(5);
const SATURDAY = next(6);
const WEDNESDAY = next(3);

const plannedOn = async (productId: number, date: string) =>
  (
    await env.DB.prepare(
      `SELECT coalesce((SELECT quantity FROM bake_overrides WHERE product_id = ?1 AND date = ?2),
        (SELECT quantity FROM bake_schedules WHERE product_id = ?1 AND weekday = CAST(strftime('%w', ?2) AS INTEGER)), 0) AS n`,
    )
      .bind(productId, date)
      .first<{ n: number }>()
  )?.n;

const auditFor = (entity: string, id: number) =>
  env.DB.prepare(
    "SELECT action, actor_user_id, before, after FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id",
  )
    .bind(entity, id)
    .all<{ action: string; actor_user_id: number; before: string; after: string }>()
    .then((result) => result.results);

/**
 * The grid's form as the page shows it (every cell, with what it showed), with some cells changed:
 * what a browser posts. `changes` is by cell ("12@2026-12-05" or "12@6").
 */
async function gridPost(cookie: string, intent: "days" | "week", changes: Record<string, string | number>) {
  const { html } = await get(`/admin/production?from=${today}`, { headers: { Cookie: cookie } });
  const fields = new Map<string, string>();
  const lists = intent === "days" ? ["cells"] : ["products", "groups"];
  for (const input of html.matchAll(/<input\b[^>]*>/g)) {
    const name = input[0].match(/name="([^"]+)"/)?.[1] ?? "";
    if (!lists.some((list) => name.startsWith(`${list}[`))) continue;
    fields.set(name, decode(input[0].match(/value="([^"]*)"/)?.[1] ?? ""));
  }
  for (const [name, value] of fields) {
    const change = name.endsWith(".cell") ? changes[value] : undefined;
    if (change === undefined) continue;
    const field = name.startsWith("groups[") ? "capacity" : "quantity";
    fields.set(name.replace(/\.cell$/, `.${field}`), String(change));
  }
  return { intent, ...Object.fromEntries(fields) };
}

/** The messages shown by cells (not the page's data for scripts): what a person reads. */
const shownErrors = (html: string) =>
  [...html.matchAll(/<span id="[^"]+-error"[^>]*>([^<]*)<\/span>/g)].map((match) => decode(match[1] ?? ""));

/** Posts form fields with repeated names (checkboxes), as a browser does. */
async function fetchForm(path: string, body: URLSearchParams, cookie: string) {
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    body,
    headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    redirect: "manual",
  });
}

const decode = (text: string) =>
  text.replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&lt;", "<");

/** One cell of the grid's days form, alone: what a stale page or a script posts. */
const dayCells = (cells: { id: number; date: string; was: number; quantity: number | string }[]) =>
  Object.fromEntries(
    cells.flatMap((cell, index) => [
      [`cells[${index}].cell`, `${cell.id}@${cell.date}`],
      [`cells[${index}].was`, String(cell.was)],
      [`cells[${index}].quantity`, String(cell.quantity)],
    ]),
  );

describe("the production grid", () => {
  it("shows every active product's fortnight to staff, and no one else", async () => {
    const staff = await signedInAs("staff");
    const { response, html } = await get("/admin/production", { headers: { Cookie: staff.cookie } });
    expect(response.status).toBe(200);
    expect(html).toContain("Country Sourdough");
    expect(html).toMatch(/aria-label="Country Sourdough, Saturday \d+ \w+"/);
    expect(html).toContain("Weekly defaults");
    const customer = await signedInAs("customer");
    const refused = await get("/admin/production", { headers: { Cookie: customer.cookie }, redirect: "manual" });
    expect(refused.response.status).toBe(403);
  });

  it("saves a changed cell with its audit entry, and the shop sells the new number that day", async () => {
    const admin = await signedInAs("admin");
    const { id } = await product("country-sourdough");
    const was = (await plannedOn(id, SATURDAY)) ?? 0;
    const { response } = await postForm(
      `/admin/production?from=${today}`,
      await gridPost(admin.cookie, "days", { [`${id}@${SATURDAY}`]: was + 6 }),
      admin.cookie,
    );
    expect(response.status).toBe(303);
    expect(await noticeOf(response)).toBe("Plan saved: 1 change.");
    expect(await plannedOn(id, SATURDAY)).toBe(was + 6);
    const audit = await auditFor("bake_plan", id);
    expect(audit.at(-1)).toMatchObject({ action: "plan-day", actor_user_id: admin.id });
    expect(JSON.parse(audit.at(-1)?.before ?? "{}")).toEqual({ date: SATURDAY, value: was });
    expect(JSON.parse(audit.at(-1)?.after ?? "{}")).toEqual({ date: SATURDAY, value: was + 6 });
    const page = await get("/products/country-sourdough", {
      headers: { "X-Test-Now": `${addDays(SATURDAY, -3)}T09:00:00Z` },
    });
    expect(page.html).toContain(`${was + 6} left`);
  });

  it("marks a cell someone else changed meanwhile and saves the others", async () => {
    const admin = await signedInAs("admin");
    const rye = await product("danish-rye");
    const baguette = await product("white-sourdough-tin");
    const ryeWas = (await plannedOn(rye.id, FRIDAY)) ?? 0;
    const baguetteWas = (await plannedOn(baguette.id, FRIDAY)) ?? 0;
    // This page was loaded, then another tab saved rye.
    const stalePage = await gridPost(admin.cookie, "days", {
      [`${rye.id}@${FRIDAY}`]: ryeWas + 5,
      [`${baguette.id}@${FRIDAY}`]: baguetteWas + 2,
    });
    const first = await postForm(
      `/admin/production?from=${today}`,
      { intent: "days", ...dayCells([{ id: rye.id, date: FRIDAY, was: ryeWas, quantity: ryeWas + 1 }]) },
      admin.cookie,
    );
    expect(first.response.status).toBe(303);
    const { response, html } = await postForm(`/admin/production?from=${today}`, stalePage, admin.cookie);
    expect(response.status).toBe(409);
    expect(shownErrors(html)).toEqual([
      `Someone changed this to ${ryeWas + 1} while you were editing. Save again to make it ${ryeWas + 5}.`,
    ]);
    expect(html).toContain("1 other change was saved.");
    expect(await plannedOn(rye.id, FRIDAY)).toBe(ryeWas + 1);
    expect(await plannedOn(baguette.id, FRIDAY)).toBe(baguetteWas + 2);
  });

  it("refuses fewer than orders already hold, by the cell, and keeps what was typed", async () => {
    const admin = await signedInAs("admin");
    const { id } = await product("spelt-sourdough");
    const order = await reservedOrder("spelt-sourdough", 3, { slotDate: WEDNESDAY, slotTime: "10:00" });
    expect(order.number).toBeTruthy();
    const was = (await plannedOn(id, WEDNESDAY)) ?? 0;
    const { response, html } = await postForm(
      `/admin/production?from=${today}`,
      { intent: "days", ...dayCells([{ id, date: WEDNESDAY, was, quantity: 2 }]) },
      admin.cookie,
    );
    expect(response.status).toBe(409);
    expect(shownErrors(html)).toEqual(["Orders already hold 3 for this day: enter at least 3."]);
    expect(html).toContain('value="2"');
    expect(await plannedOn(id, WEDNESDAY)).toBe(was);
    // Exactly what is held is fine: the day is then sold out.
    const exact = await postForm(
      `/admin/production?from=${today}`,
      { intent: "days", ...dayCells([{ id, date: WEDNESDAY, was, quantity: 3 }]) },
      admin.cookie,
    );
    expect(exact.response.status).toBe(303);
    const held = await env.DB.prepare("SELECT planned, held FROM day_holds WHERE product_id = ? AND bake_date = ?")
      .bind(id, WEDNESDAY)
      .first();
    expect(held).toEqual({ planned: 3, held: 3 });
  });

  it("takes a grid larger than other forms may be (a bakery with many products)", async () => {
    const admin = await signedInAs("admin");
    const { id } = await product("challah");
    const was = (await plannedOn(id, SATURDAY)) ?? 0;
    const posted = await gridPost(admin.cookie, "days", { [`${id}@${SATURDAY}`]: was + 1 });
    // Pad it past 64 KB with unchanged cells, as seventy products' fortnight would be.
    const count = Object.keys(posted).filter((key) => key.endsWith(".cell")).length;
    const padding = Object.fromEntries(
      Array.from({ length: 1200 }, (_, i) => [
        [`cells[${count + i}].cell`, `${900000 + i}@${SATURDAY}`],
        [`cells[${count + i}].was`, "0"],
        [`cells[${count + i}].quantity`, "0"],
      ]).flat(),
    );
    const body = { ...posted, ...padding };
    expect(new URLSearchParams(body).toString().length).toBeGreaterThan(64 * 1024);
    const { response } = await postForm(`/admin/production?from=${today}`, body, admin.cookie);
    expect(response.status).toBe(303);
    expect(await plannedOn(id, SATURDAY)).toBe(was + 1);
  });

  it("answers a bad number by its cell, with nothing written", async () => {
    const admin = await signedInAs("admin");
    const { id } = await product("white-sourdough-tin");
    const was = (await plannedOn(id, SATURDAY)) ?? 0;
    const { response, html } = await postForm(
      `/admin/production?from=${today}`,
      await gridPost(admin.cookie, "days", { [`${id}@${SATURDAY}`]: was + 1, [`${id}@${FRIDAY}`]: "lots" }),
      admin.cookie,
    );
    expect(response.status).toBe(400);
    expect(shownErrors(html)).toEqual(["Enter how many, 0 for none"]);
    expect(html).toContain('value="lots"');
    expect(await plannedOn(id, SATURDAY)).toBe(was);
  });

  it("changes a weekday default for every coming day without its own number, and refuses one orders exceed", async () => {
    const admin = await signedInAs("admin");
    const { id } = await product("cinnamon-bun");
    const thisFriday = FRIDAY;
    const nextFriday = addDays(FRIDAY, 7);
    const was = (await plannedOn(id, thisFriday)) ?? 0;
    await reservedOrder("cinnamon-bun", 4, { slotDate: thisFriday, slotTime: "12:00" });
    await reservedOrder("cinnamon-bun", 2, { slotDate: nextFriday, slotTime: "12:00" });
    const weekCells = (quantity: number, expected = was) => ({
      intent: "week",
      "products[0].cell": `${id}@5`,
      "products[0].was": String(expected),
      "products[0].quantity": String(quantity),
    });

    const refused = await postForm(`/admin/production?from=${today}`, weekCells(3), admin.cookie);
    expect(refused.response.status).toBe(409);
    expect(shownErrors(refused.html)).toEqual([
      expect.stringMatching(/^Orders already hold 4 on Friday \d+ \w+, which follows this default/),
    ]);

    const saved = await postForm(`/admin/production?from=${today}`, weekCells(5), admin.cookie);
    expect(saved.response.status).toBe(303);
    expect(await plannedOn(id, thisFriday)).toBe(5);
    expect(await plannedOn(id, nextFriday)).toBe(5);
    const holds = await env.DB.prepare(
      "SELECT bake_date, planned, held FROM day_holds WHERE product_id = ? AND bake_date IN (?, ?) ORDER BY bake_date",
    )
      .bind(id, thisFriday, nextFriday)
      .all();
    expect(holds.results).toEqual([
      { bake_date: thisFriday, planned: 5, held: 4 },
      { bake_date: nextFriday, planned: 5, held: 2 },
    ]);
    expect((await auditFor("bake_plan", id)).at(-1)).toMatchObject({ action: "plan-weekday" });

    // A stale page's weekday edit is marked, not applied.
    const stale = await postForm(`/admin/production?from=${today}`, weekCells(9, was), admin.cookie);
    expect(stale.response.status).toBe(409);
    expect(shownErrors(stale.html)).toEqual([expect.stringContaining("Someone changed this to 5")]);
    expect(await plannedOn(id, thisFriday)).toBe(5);
  });

  it("sets and removes a capacity group's weekday limit, keeping its counters in step", async () => {
    const admin = await signedInAs("admin");
    const { id } = await product("fougasse");
    const group = await env.DB.prepare("INSERT INTO capacity_groups (name) VALUES ('Deck oven') RETURNING id").first<{
      id: number;
    }>();
    const groupId = group?.id ?? 0;
    await env.DB.prepare("INSERT INTO capacity_group_products (group_id, product_id) VALUES (?, ?)")
      .bind(groupId, id)
      .run();
    const { html } = await get(`/admin/production?from=${today}`, { headers: { Cookie: admin.cookie } });
    expect(html).toContain("Deck oven (shared limit)");
    const limit = (capacity: string, was: string) => ({
      intent: "week",
      "groups[0].cell": `${groupId}@6`,
      "groups[0].was": was,
      "groups[0].capacity": capacity,
    });
    expect((await postForm(`/admin/production?from=${today}`, limit("30", ""), admin.cookie)).response.status).toBe(
      303,
    );
    const row = () =>
      env.DB.prepare("SELECT capacity FROM capacity_group_limits WHERE group_id = ? AND weekday = 6")
        .bind(groupId)
        .first();
    expect(await row()).toEqual({ capacity: 30 });
    await reservedOrder("fougasse", 2, { slotDate: SATURDAY, slotTime: "14:00" });
    const counter = await env.DB.prepare(
      "SELECT capacity, held FROM group_day_holds WHERE group_id = ? AND bake_date = ?",
    )
      .bind(groupId, SATURDAY)
      .first();
    expect(counter).toEqual({ capacity: 30, held: 2 });
    const tooFew = await postForm(`/admin/production?from=${today}`, limit("1", "30"), admin.cookie);
    expect(tooFew.response.status).toBe(409);
    expect((await postForm(`/admin/production?from=${today}`, limit("", "30"), admin.cookie)).response.status).toBe(
      303,
    );
    expect(await row()).toBeNull();
    const gone = await env.DB.prepare("SELECT count(*) AS n FROM group_day_holds WHERE group_id = ?")
      .bind(groupId)
      .first();
    expect(gone).toEqual({ n: 0 });
    const after = await pageAfter(
      (await postForm(`/admin/production?from=${today}`, limit("", ""), admin.cookie)).response,
      admin.cookie,
    );
    expect(after.html).toContain("Nothing had changed.");
  });

  it("lets staff make a shared limit, choose what shares it, and the limit holds those products together", async () => {
    const staff = await signedInAs("staff");
    const created = await postForm("/admin/production/groups", { intent: "create", name: "Bun tray" }, staff.cookie);
    expect(created.response.status).toBe(303);
    const groupId =
      (await env.DB.prepare("SELECT id FROM capacity_groups WHERE name = 'Bun tray'").first<number>("id")) ?? 0;
    const cinnamon = await product("cinnamon-bun");
    const cardamom = await product("cardamom-bun");
    const members = new URLSearchParams([
      ["intent", "members"],
      ["groupId", String(groupId)],
      ["products", String(cinnamon.id)],
      ["products", String(cardamom.id)],
    ]);
    // Two values for one name (ticked boxes), posted as the browser does.
    const raw = await fetchForm("/admin/production/groups", members, staff.cookie);
    expect(raw.status).toBe(303);
    const rows = await env.DB.prepare(
      "SELECT product_id FROM capacity_group_products WHERE group_id = ? ORDER BY product_id",
    )
      .bind(groupId)
      .all<{ product_id: number }>();
    expect(rows.results.map((row) => row.product_id)).toEqual([cinnamon.id, cardamom.id].sort((a, b) => a - b));
    const limit = await postForm(
      `/admin/production?from=${today}`,
      await gridPost(staff.cookie, "week", { [`${groupId}@2`]: 3 }),
      staff.cookie,
    );
    expect(limit.response.status).toBe(303);
    const tuesday = next(2);
    await reservedOrder("cinnamon-bun", 2, { slotDate: tuesday, slotTime: "08:00" });
    const page = await get("/products/cardamom-bun", {
      headers: { "X-Test-Now": `${addDays(tuesday, -3)}T09:00:00Z` },
    });
    expect(page.html.replaceAll("<!-- -->", "")).toMatch(/Tue \d+ \w+<\/span>: 1 left/);
    const audit = await auditFor("capacity_group", groupId);
    expect(audit.map((row) => row.action)).toContain("group-members");

    const removed = await postForm(
      "/admin/production/groups",
      { intent: "delete", groupId: String(groupId) },
      staff.cookie,
    );
    expect(removed.response.status).toBe(303);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM capacity_group_products WHERE group_id = ?")
        .bind(groupId)
        .first(),
    ).toEqual({
      n: 0,
    });
  });
});
