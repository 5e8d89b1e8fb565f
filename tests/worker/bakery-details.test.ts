import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { freshCatalogVersion, get, noticeOf, postForm, signedInAs } from "./helpers";

const saved = {
  name: "Rye & Co Bakery Ltd",
  address: "12 Cheese Lane\nBristol",
  postcode: "bs2 0jj",
  collectionInstructions: "Use the hatch on Cheese Lane.\nWe keep orders until closing.",
  phone: "0117 496 0999",
  email: "orders@ryeandco.example",
  companyNumber: "0123 4567",
  vatNumber: "gb 123 4567 89",
  // Percentages as typed; kept in basis points.
  vatStandardRateBps: "17.5",
  vatReducedRateBps: "5%",
};

const storedRow = () =>
  env.DB.prepare(
    "SELECT name, postcode, company_number, vat_number, vat_standard_rate_bps, vat_reduced_rate_bps, example, version FROM bakery_details",
  ).first<{
    name: string;
    postcode: string;
    company_number: string | null;
    vat_number: string | null;
    vat_standard_rate_bps: number;
    vat_reduced_rate_bps: number;
    example: number;
    version: number;
  }>();

describe("bakery details (Admin → Bakery details)", () => {
  beforeAll(freshCatalogVersion);

  it("start as the migration's example details, said to be examples on every page", async () => {
    const { html } = await get("/?example-details");
    expect(html).toContain("4 Mill Yard, Stokes Croft");
    expect(html).toContain("BS1 3QY");
    expect(html).toContain("https://www.openstreetmap.org/search?query=4%20Mill%20Yard");
    expect(html).toContain("These are example details");
    const contact = await get("/contact");
    expect(contact.response.status).toBe(200);
    expect(contact.html).toContain("ring the bell by the side door");
  });

  it("an admin saves them: the footer (a cached page too), contact page and audit log show it, and the example note goes", async () => {
    // The home page is cached for anonymous visitors: read it first so the copy exists.
    expect((await get("/")).html).toContain("4 Mill Yard");
    const admin = await signedInAs("admin");
    const form = await get("/admin/bakery", { headers: { Cookie: admin.cookie } });
    expect(form.html).toContain('value="Band of Bakers"');
    const { response } = await postForm("/admin/bakery", { ...saved, version: "1" }, admin.cookie);
    expect(response.status).toBe(303);
    expect(await noticeOf(response)).toBe("Bakery details saved. The shop shows them now.");
    expect(await storedRow()).toEqual({
      name: "Rye & Co Bakery Ltd",
      postcode: "BS2 0JJ",
      company_number: "01234567",
      vat_number: "GB123456789",
      vat_standard_rate_bps: 1750,
      vat_reduced_rate_bps: 500,
      example: 0,
      version: 2,
    });
    const home = await get("/");
    expect(home.html).toContain("Rye &amp; Co Bakery Ltd");
    expect(home.html).toContain("12 Cheese Lane");
    expect(home.html).toContain("Company number 01234567 · VAT GB123456789");
    expect(home.html).not.toContain("4 Mill Yard");
    expect(home.html).not.toContain("These are example details");
    expect((await get("/contact")).html).toContain("Use the hatch on Cheese Lane.");
    const audit = await env.DB.prepare(
      "SELECT action, actor_user_id, before, after FROM audit_log WHERE entity = 'bakery_details'",
    ).all<{ action: string; actor_user_id: number; before: string; after: string }>();
    expect(audit.results).toHaveLength(1);
    expect(audit.results[0]?.actor_user_id).toBe(admin.id);
    expect(JSON.parse(audit.results[0]?.before ?? "{}").name).toBe("Band of Bakers");
    expect(JSON.parse(audit.results[0]?.after ?? "{}").name).toBe("Rye & Co Bakery Ltd");
  });

  it("a save over someone else's newer one is refused with what they saved, and writes nothing", async () => {
    const admin = await signedInAs("admin");
    const before = await storedRow();
    const { response, html } = await postForm(
      "/admin/bakery",
      { ...saved, name: "Stale Bakery", version: "1" },
      admin.cookie,
    );
    expect(response.status).toBe(409);
    expect(html).toContain("Someone else saved the bakery details while you were editing");
    // The form now holds what is saved, with its version, so saving again works.
    expect(html).toContain(`value="${before?.name.replace("&", "&amp;")}"`);
    expect(html).toContain(`value="${before?.version}"`);
    expect(await storedRow()).toEqual(before);
    const audits = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'bakery_details'").first(
      "n",
    );
    expect(audits).toBe(1);
  });

  it("bad values are refused by their fields with what was typed kept, and write nothing", async () => {
    const admin = await signedInAs("admin");
    const before = await storedRow();
    const { response, html } = await postForm(
      "/admin/bakery",
      {
        ...saved,
        name: "",
        postcode: "NOT A CODE",
        email: "not-an-email",
        vatNumber: "123",
        vatStandardRateBps: "twenty",
        vatReducedRateBps: "101",
        version: String(before?.version),
      },
      admin.cookie,
    );
    expect(response.status).toBe(400);
    expect(html).toContain("Enter the bakery&#x27;s name");
    expect(html).toContain("Enter a UK postcode like BS1 4DJ");
    expect(html).toContain("Enter an email address like name@example.com");
    expect(html).toContain("Enter the VAT number like GB123456789");
    expect(html).toContain("Enter the standard VAT rate as a percentage, like 20");
    expect(html).toContain("A VAT rate can&#x27;t be more than 100%");
    expect(html).toContain('value="NOT A CODE"');
    // The refused form's page says so in its title and sums up what to fix, linking to each field.
    expect(html).toMatch(/<title>Error: [^<]*<\/title>/);
    expect(html).toContain('href="#');
    expect(html).toContain("There is a problem");
    expect(await storedRow()).toEqual(before);
  });

  it("is for admins only: staff and customers get a 403 and nothing changes", async () => {
    const before = await storedRow();
    for (const role of ["staff", "customer"] as const) {
      const user = await signedInAs(role);
      const { response } = await postForm("/admin/bakery", { ...saved, version: String(before?.version) }, user.cookie);
      expect(response.status).toBe(403);
    }
    expect((await postForm("/admin/bakery", { ...saved, version: String(before?.version) })).response.status).toBe(302);
    expect(await storedRow()).toEqual(before);
  });
});
