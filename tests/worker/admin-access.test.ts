import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { get, postForm, signedInAs } from "./helpers";

const page = (path: string, cookie?: string) =>
  get(path, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });

describe("who can open the admin area", () => {
  it("sends someone signed out to sign in, and back afterwards", async () => {
    for (const path of ["/admin", "/admin/users"]) {
      const { response } = await page(path);
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
  });

  it("refuses a customer everywhere with 403, for pages, data requests and form posts", async () => {
    const { cookie } = await signedInAs("customer");
    for (const path of ["/admin", "/admin/users", "/admin/users.data", "/admin.data"]) {
      expect((await page(path, cookie)).response.status, path).toBe(403);
    }
    const target = await signedInAs("customer");
    const post = await postForm("/admin/users", { intent: "role", userId: target.id, role: "admin" }, cookie);
    expect(post.response.status).toBe(403);
    const role = await env.DB.prepare("SELECT role FROM users WHERE id = ?").bind(target.id).first<string>("role");
    expect(role).toBe("customer");
  });

  it("lets staff see the dashboard but not users or roles", async () => {
    const { cookie } = await signedInAs("staff");
    expect((await page("/admin", cookie)).response.status).toBe(200);
    expect((await page("/admin/users", cookie)).response.status).toBe(403);
    const target = await signedInAs("customer");
    const post = await postForm("/admin/users", { intent: "role", userId: target.id, role: "staff" }, cookie);
    expect(post.response.status).toBe(403);
    const promote = await postForm("/admin/users", { intent: "role", userId: target.id, role: "admin" }, cookie);
    expect(promote.response.status).toBe(403);
  });

  it("shows staff an Admin link in the header and customers none", async () => {
    const staff = await signedInAs("staff");
    const customer = await signedInAs("customer");
    expect((await page("/shop", staff.cookie)).html).toContain('href="/admin"');
    expect((await page("/shop", customer.cookie)).html).not.toContain('href="/admin"');
  });
});

describe("users admin", () => {
  it("finds users by name or email", async () => {
    const admin = await signedInAs("admin");
    const target = await signedInAs("customer", "Findable Fern");
    const { html } = await page(`/admin/users?q=${encodeURIComponent("findable")}`, admin.cookie);
    expect(html).toContain(target.email);
    expect(html).not.toContain(admin.email);
  });

  it("changes a role, which takes effect on the user's next request", async () => {
    const admin = await signedInAs("admin");
    const target = await signedInAs("customer");
    expect((await page("/admin", target.cookie)).response.status).toBe(403);
    const post = await postForm("/admin/users?q=x", { intent: "role", userId: target.id, role: "staff" }, admin.cookie);
    expect(post.response.status).toBe(303);
    expect(post.response.headers.get("Location")).toBe("/admin/users?q=x");
    expect((await page("/admin", target.cookie)).response.status).toBe(200);
  });

  it("disabling an account ends its sessions and stops sign-in; enabling restores sign-in", async () => {
    const admin = await signedInAs("admin");
    const target = await signedInAs("customer");
    await postForm("/admin/users", { intent: "disable", userId: target.id }, admin.cookie);
    expect((await page("/account", target.cookie)).response.status).toBe(302);
    const refused = await postForm("/login", { email: target.email, password: "a good long password" });
    expect(refused.response.status).toBe(401);
    await postForm("/admin/users", { intent: "enable", userId: target.id }, admin.cookie);
    const allowed = await postForm("/login", { email: target.email, password: "a good long password" });
    expect(allowed.response.status).toBe(303);
  });

  it("won't let an admin demote or disable themselves", async () => {
    const admin = await signedInAs("admin");
    const post = await postForm("/admin/users", { intent: "role", userId: admin.id, role: "customer" }, admin.cookie);
    expect(post.response.status).toBe(409);
    expect(post.html).toContain("You can&#x27;t change your own role or disable yourself.");
    const role = await env.DB.prepare("SELECT role FROM users WHERE id = ?").bind(admin.id).first<string>("role");
    expect(role).toBe("admin");
  });

  it("refuses a made-up role with 400", async () => {
    const admin = await signedInAs("admin");
    const target = await signedInAs("customer");
    const post = await postForm("/admin/users", { intent: "role", userId: target.id, role: "owner" }, admin.cookie);
    expect(post.response.status).toBe(400);
  });
});

describe("every admin route checks the role on the server", () => {
  // Each admin page and form, with who may use it. A new admin route belongs in this list.
  const STAFF = ["/admin", "/admin/orders", "/admin/orders/BB-NOPE00"];
  const ADMIN_ONLY = [
    "/admin/users",
    "/admin/outbox",
    "/admin/categories",
    "/admin/products",
    "/admin/products/new",
    "/admin/products/1",
    "/admin/products/1/images",
  ];
  const POSTS_ADMIN_ONLY = [
    ...ADMIN_ONLY.filter((p) => p !== "/admin/products"),
    "/admin/uploads",
    "/admin/uploads/00000000000000000000000000000000",
  ];

  it("customers get 403 everywhere; staff get 403 on admin-only pages and forms", async () => {
    const customer = await signedInAs("customer");
    const staff = await signedInAs("staff");
    for (const path of [...STAFF, ...ADMIN_ONLY]) {
      expect((await page(path, customer.cookie)).response.status, `customer GET ${path}`).toBe(403);
      expect(
        (await postForm(path, { intent: "anything" }, customer.cookie)).response.status,
        `customer POST ${path}`,
      ).toBe(403);
    }
    for (const path of ADMIN_ONLY) {
      expect((await page(path, staff.cookie)).response.status, `staff GET ${path}`).toBe(403);
    }
    for (const path of POSTS_ADMIN_ONLY) {
      expect((await postForm(path, { intent: "anything" }, staff.cookie)).response.status, `staff POST ${path}`).toBe(
        403,
      );
    }
  });

  it("admins can open every page", async () => {
    const admin = await signedInAs("admin");
    for (const path of [...STAFF.slice(0, 2), ...ADMIN_ONLY]) {
      expect((await page(path, admin.cookie)).response.status, `admin GET ${path}`).toBe(200);
    }
  });
});
