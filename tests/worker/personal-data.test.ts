import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { get, noticeOf, postForm, signedInAs } from "./helpers";
import { reservedOrder } from "./orders-helpers";

/** An order of the account's, moved to a state with SQL (the test's setup, not what it checks). */
async function orderFor(
  user: { id: number; email: string },
  state: { status: string; fulfilmentStatus?: string },
  extra: { message?: string } = {},
) {
  const order = await reservedOrder("country-sourdough", 1, {
    userId: user.id,
    email: user.email,
    name: "Robin Rye",
    phone: "0117 496 0001",
  });
  await env.DB.prepare(
    "UPDATE orders SET status = ?, fulfilment_status = ?, stripe_payment_intent_id = ?, paid_at = CASE WHEN ? = 'paid' THEN created_at END WHERE id = ?",
  )
    .bind(state.status, state.fulfilmentStatus ?? "new", `pi_${order.id}`, state.status, order.id)
    .run();
  if (extra.message) {
    await env.DB.prepare("UPDATE order_items SET message = ? WHERE order_id = ?").bind(extra.message, order.id).run();
  }
  return order;
}

const orderFields = (id: number) =>
  env.DB.prepare("SELECT name, email, phone, total_pence, stripe_payment_intent_id, status FROM orders WHERE id = ?")
    .bind(id)
    .first<Record<string, string | number>>();

describe("your data (UK GDPR): download and delete", () => {
  it("a customer downloads everything held about them, as JSON and as a page, and the export is logged", async () => {
    const user = await signedInAs("customer", "Robin Rye");
    const order = await orderFor(
      user,
      { status: "paid", fulfilmentStatus: "collected" },
      { message: "Happy birthday" },
    );
    const page = await get("/account/data", { headers: { Cookie: user.cookie } });
    expect(page.response.status).toBe(200);
    expect(page.html).toContain(order.number);
    expect(page.html).toContain("Happy birthday");

    const file = await get("/account/data.json", { headers: { Cookie: user.cookie } });
    expect(file.response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="band-of-bakers-data-/);
    expect(file.response.headers.get("Cache-Control")).toBe("private, no-store");
    const data = JSON.parse(file.html);
    expect(data.account).toMatchObject({ name: "Robin Rye", email: user.email, hasPassword: true });
    expect(data.orders).toHaveLength(1);
    expect(data.orders[0]).toMatchObject({ number: order.number, name: "Robin Rye", phone: "0117 496 0001" });
    expect(data.orders[0].lines[0]).toMatchObject({
      name: "Country Sourdough",
      quantity: 1,
      message: "Happy birthday",
    });
    // No secrets: no hash, no token.
    expect(file.html).not.toMatch(/pbkdf2|password_hash|access_?token/i);
    const logged = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE entity = 'user' AND entity_id = ? AND action = 'export personal data (by the customer)'",
    )
      .bind(user.id)
      .first<number>("n");
    expect(logged).toBe(1);
    // Signed out: no data.
    expect((await get("/account/data.json", { redirect: "manual" })).response.status).toBe(302);
  });

  it("deleting is refused while an order is on its way, saying which, and nothing is erased", async () => {
    const user = await signedInAs("customer", "Robin Rye");
    const baking = await orderFor(user, { status: "paid", fulfilmentStatus: "baking" });
    const page = await get("/account/data", { headers: { Cookie: user.cookie } });
    expect(page.html).toContain(
      `You can delete your account once this order is collected or delivered: ${baking.number}`,
    );
    const { response, html } = await postForm(
      "/account/data",
      { currentPassword: "a good long password", confirm: "on" },
      user.cookie,
    );
    expect(response.status).toBe(409);
    expect(html).toContain(`while an order is on its way (${baking.number})`);
    expect((await orderFields(baking.id))?.name).toBe("Robin Rye");
    expect((await get("/account", { headers: { Cookie: user.cookie } })).response.status).toBe(200);
  });

  it("the wrong password, or no tick, deletes nothing", async () => {
    const user = await signedInAs("customer");
    const wrong = await postForm("/account/data", { currentPassword: "not it", confirm: "on" }, user.cookie);
    expect(wrong.response.status).toBe(403);
    expect(wrong.html).toContain("That isn&#x27;t your current password");
    const unticked = await postForm("/account/data", { currentPassword: "a good long password" }, user.cookie);
    expect(unticked.response.status).toBe(400);
    expect(unticked.html).toContain("Tick the box to say you want your account deleted");
    expect((await get("/account", { headers: { Cookie: user.cookie } })).response.status).toBe(200);
  });

  it("deleting erases the personal fields, keeps amounts and Stripe ids, signs out everywhere, and is logged", async () => {
    const user = await signedInAs("customer", "Robin Rye");
    const done = await orderFor(user, { status: "paid", fulfilmentStatus: "collected" }, { message: "For Ada" });
    const expired = await orderFor(user, { status: "expired" });
    const before = await orderFields(done.id);
    await env.DB.prepare(
      "INSERT INTO email_outbox (kind, recipient, subject, html, text, status) VALUES ('order-ready', ?, 'Your order is ready', '<p>Robin</p>', 'Robin', 'sent')",
    )
      .bind(user.email)
      .run();
    const { response } = await postForm(
      "/account/data",
      { currentPassword: "a good long password", confirm: "on" },
      user.cookie,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/");
    expect(await noticeOf(response)).toMatch(/^Your account is deleted\./);

    const account = await env.DB.prepare(
      "SELECT name, email, password_hash, phone, disabled_at FROM users WHERE id = ?",
    )
      .bind(user.id)
      .first<Record<string, string | null>>();
    expect(account?.name).toBe("Deleted customer");
    expect(account?.email).toMatch(/^erased-[0-9a-f-]+@erased\.invalid$/);
    expect(account?.password_hash).toBeNull();
    expect(account?.disabled_at).not.toBeNull();

    const after = await orderFields(done.id);
    expect(after).toMatchObject({
      name: "Deleted customer",
      email: account?.email,
      phone: "",
      total_pence: before?.total_pence,
      stripe_payment_intent_id: before?.stripe_payment_intent_id,
      status: "paid",
    });
    expect((await orderFields(expired.id))?.name).toBe("Deleted customer");
    const messages = await env.DB.prepare("SELECT message FROM order_items WHERE order_id = ?").bind(done.id).all();
    expect(messages.results).toEqual([{ message: "" }]);
    const emails = await env.DB.prepare(
      "SELECT count(*) AS n FROM email_outbox WHERE recipient = ? OR text LIKE '%Robin%'",
    )
      .bind(user.email)
      .first<number>("n");
    expect(emails).toBe(0);

    // Signed out everywhere, and the old password opens nothing.
    expect((await get("/account", { headers: { Cookie: user.cookie }, redirect: "manual" })).response.status).toBe(302);
    const signIn = await postForm("/login", { email: user.email, password: "a good long password" });
    expect(signIn.response.status).not.toBe(303);
    const audit = await env.DB.prepare(
      "SELECT actor_user_id, before FROM audit_log WHERE entity = 'user' AND entity_id = ? AND action = 'erase personal data (by the customer)'",
    )
      .bind(user.id)
      .first<{ actor_user_id: number; before: string | null }>();
    expect(audit).toEqual({ actor_user_id: user.id, before: null });
  });

  it("an admin finds a guest by email, downloads their data and erases it; staff may not", async () => {
    const guestEmail = `guest${Date.now()}@example.com`;
    const order = await reservedOrder("country-sourdough", 1, { email: guestEmail, name: "Gale Guest" });
    await env.DB.prepare("UPDATE orders SET status = 'expired' WHERE id = ?").bind(order.id).run();
    const admin = await signedInAs("admin");
    const erasePath = `/admin/customer-data?email=${encodeURIComponent(guestEmail)}`;
    const page = await get(erasePath, {
      headers: { Cookie: admin.cookie },
    });
    expect(page.html).toContain("No account uses this address.");
    expect(page.html).toContain(order.number);
    const file = await get(`/admin/customer-data.json?email=${encodeURIComponent(guestEmail)}`, {
      headers: { Cookie: admin.cookie },
    });
    expect(JSON.parse(file.html).orders[0]).toMatchObject({ number: order.number, name: "Gale Guest" });

    const staff = await signedInAs("staff");
    expect(
      (await postForm(erasePath, { email: guestEmail, confirmEmail: guestEmail }, staff.cookie)).response.status,
    ).toBe(403);
    const mistyped = await postForm(erasePath, { email: guestEmail, confirmEmail: "someone@else.com" }, admin.cookie);
    expect(mistyped.response.status).toBe(400);
    expect(mistyped.html).toContain("Type the customer&#x27;s email address again to confirm");
    expect((await orderFields(order.id))?.name).toBe("Gale Guest");

    const { response } = await postForm(
      erasePath,
      { email: guestEmail, confirmEmail: guestEmail.toUpperCase() },
      admin.cookie,
    );
    expect(response.status).toBe(303);
    expect((await orderFields(order.id))?.name).toBe("Deleted customer");
    const actions = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE entity = 'user' AND entity_id = 0 AND actor_user_id = ? ORDER BY id",
    )
      .bind(admin.id)
      .all<{ action: string }>();
    expect(actions.results.map((row) => row.action)).toEqual([
      "export personal data (on request)",
      "erase personal data (on request)",
    ]);
    const again = await get(`/admin/customer-data?email=${encodeURIComponent(guestEmail)}`, {
      headers: { Cookie: admin.cookie },
    });
    expect(again.html).toContain(`The shop holds nothing for ${guestEmail}.`);
  });
});
