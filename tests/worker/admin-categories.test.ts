import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { get, noticeOf, postForm, signedInAs } from "./helpers";

describe("categories admin", () => {
  it("adds a category (web address from its name), audited, and shows it in the shop's filters", async () => {
    const admin = await signedInAs("admin");
    const name = `Flatbreads ${Date.now()}`;
    const { response } = await postForm(
      "/admin/categories",
      { name, slug: "", description: "Pitta and more", position: "9" },
      admin.cookie,
    );
    expect(response.headers.get("Location")).toBe("/admin/categories");
    expect(await noticeOf(response)).toBe("Category added.");
    const row = await env.DB.prepare("SELECT id, slug FROM categories WHERE name = ?")
      .bind(name)
      .first<{ id: number; slug: string }>();
    expect(row?.slug).toBe(name.toLowerCase().replace(" ", "-"));
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE entity = 'category' AND entity_id = ?")
      .bind(row?.id)
      .first<string>("action");
    expect(audit).toBe("create");
    expect((await get("/shop")).html).toContain(name);
  });

  it("refuses a web address another category uses, keeping what was typed", async () => {
    const admin = await signedInAs("admin");
    const { response, html } = await postForm(
      "/admin/categories",
      { name: "Sourdough again", slug: "sourdough", description: "", position: "1" },
      admin.cookie,
    );
    expect(response.status).toBe(409);
    expect(html).toContain("Another category already uses this web address");
    expect(html).toContain('value="Sourdough again"');
  });

  it("renames a category", async () => {
    const admin = await signedInAs("admin");
    const { id } = (await env.DB.prepare("SELECT id FROM categories WHERE slug = 'pastries'").first<{
      id: number;
    }>()) ?? { id: 0 };
    const { response } = await postForm(
      "/admin/categories",
      { id: String(id), name: "Pastries & viennoiserie", slug: "pastries", description: "Laminated", position: "3" },
      admin.cookie,
    );
    expect(response.status).toBe(303);
    expect(await env.DB.prepare("SELECT name FROM categories WHERE id = ?").bind(id).first<string>("name")).toBe(
      "Pastries & viennoiserie",
    );
  });

  it("is for admins only", async () => {
    const staff = await signedInAs("staff");
    expect((await postForm("/admin/categories", { name: "Nope", position: "1" }, staff.cookie)).response.status).toBe(
      403,
    );
  });
});
