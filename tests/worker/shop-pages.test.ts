import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { SHOP_PAGE_MAX_LENGTH } from "../../app/modules/pages/page-defaults";
import { freshCatalogVersion, get, noticeOf, postForm, signedInAs } from "./helpers";

const audits = async () =>
  (
    await env.DB.prepare("SELECT action FROM audit_log WHERE entity = 'shop_page' ORDER BY id").all<{
      action: string;
    }>()
  ).results.map((row) => row.action);

describe("the shop's own pages (privacy, terms, allergens, cookies)", () => {
  beforeAll(freshCatalogVersion);

  it("show their default text, linked from every page's footer", async () => {
    const home = await get("/?pages-footer");
    for (const path of ["/contact", "/terms", "/privacy", "/allergens", "/cookies"]) {
      expect(home.html).toContain(`href="${path}"`);
    }
    const privacy = await get("/privacy");
    expect(privacy.response.status).toBe(200);
    expect(privacy.html).toContain("<title>Privacy notice | Band of Bakers</title>");
    expect(privacy.html).toContain("<h2>What we keep</h2>");
    expect(privacy.html).toContain("Information Commissioner");
    expect((await get("/terms")).html).toContain("regulation 28(1)(d)");
    expect((await get("/allergens")).html).toContain("we cannot promise that any product is free from traces");
    // The cookies statement lists every cookie from the code's own list.
    const cookies = await get("/cookies");
    for (const name of ["bob_session", "bob_basket", "bob_notice", "bob_d1", "bob_device"]) {
      expect(cookies.html).toContain(`>${name}</th>`);
    }
  });

  it("an admin's Markdown is shown safely: raw HTML as text, no script links, headings under the page's own", async () => {
    const admin = await signedInAs("admin");
    const edit = await get("/admin/pages/privacy", { headers: { Cookie: admin.cookie } });
    expect(edit.response.status).toBe(200);
    expect(edit.html).toContain("What we keep");
    const body = [
      "# Who we are",
      "We are **Rye & Co**. <script>alert('x')</script> <img src=x onerror=alert(1)>",
      "[Click me](javascript:alert(1)) and [our shop](https://shop.test/shop).",
    ].join("\n\n");
    const { response } = await postForm("/admin/pages/privacy", { intent: "save", body, version: "0" }, admin.cookie);
    expect(response.status).toBe(303);
    expect(await noticeOf(response)).toBe("Page saved. The shop shows it now.");

    const { html } = await get("/privacy");
    expect(html).toContain("<h2>Who we are</h2>");
    expect(html).toContain("<strong>Rye &amp; Co</strong>");
    expect(html).toContain("&lt;script&gt;alert(");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('href="https://shop.test/shop"');
    expect(html).toContain("Last updated");
    expect(html).not.toContain("<h2>What we keep</h2>");
    expect(await audits()).toEqual(["update privacy"]);
  });

  it("a save over someone else's is refused with their text, too long is refused by the field, and neither writes", async () => {
    const admin = await signedInAs("admin");
    const stale = await postForm(
      "/admin/pages/privacy",
      { intent: "save", body: "My older edit", version: "0" },
      admin.cookie,
    );
    expect(stale.response.status).toBe(409);
    expect(stale.html).toContain("Someone else changed this page while you were editing");
    expect(stale.html).toContain("# Who we are");

    const long = await postForm(
      "/admin/pages/privacy",
      { intent: "save", body: "x".repeat(SHOP_PAGE_MAX_LENGTH + 1), version: "1" },
      admin.cookie,
    );
    expect(long.response.status).toBe(400);
    expect(long.html).toContain("Use 30,000 characters or fewer");
    expect((await get("/privacy")).html).toContain("<h2>Who we are</h2>");
    expect(await audits()).toEqual(["update privacy"]);
  });

  it("restoring the default brings the default text back, audited", async () => {
    const admin = await signedInAs("admin");
    const { response } = await postForm("/admin/pages/privacy", { intent: "restore", version: "1" }, admin.cookie);
    expect(response.status).toBe(303);
    expect(await noticeOf(response)).toBe("The default text is back.");
    const { html } = await get("/privacy");
    expect(html).toContain("<h2>What we keep</h2>");
    expect(html).not.toContain("Who we are");
    expect(await audits()).toEqual(["update privacy", "restore default privacy"]);
  });

  it("are edited by admins only, and only the four pages exist", async () => {
    const staff = await signedInAs("staff");
    expect(
      (await postForm("/admin/pages/terms", { intent: "save", body: "Mine now", version: "0" }, staff.cookie)).response
        .status,
    ).toBe(403);
    const admin = await signedInAs("admin");
    expect((await get("/admin/pages/secrets", { headers: { Cookie: admin.cookie } })).response.status).toBe(404);
    expect((await postForm("/admin/pages/terms", { intent: "drop", version: "0" }, admin.cookie)).response.status).toBe(
      400,
    );
    expect((await get("/terms")).html).toContain("regulation 28(1)(d)");
  });
});
