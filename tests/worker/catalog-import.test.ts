import { env, SELF } from "cloudflare:test";
import { stringify } from "csv-stringify/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { CATALOG_COLUMN_NAMES, type CatalogRecord } from "../../app/modules/catalog-io/catalog-columns";
import { fromBase64, JPEG_800x600_BASE64, PNG_64x48_BASE64 } from "../fixtures/images";
import { freshCatalogVersion, ORIGIN, signedInAs } from "./helpers";

const TOKEN = env.CATALOG_IMPORT_TOKEN;
const auth = { Authorization: `Bearer ${TOKEN}` };

const api = (path: string, init: RequestInit = {}) =>
  SELF.fetch(`${ORIGIN}/api/catalog/${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });

async function exported(): Promise<CatalogRecord[]> {
  const response = await api("export");
  expect(response.status).toBe(200);
  return ((await response.json()) as { records: CatalogRecord[] }).records;
}

const csv = (records: Partial<CatalogRecord>[]) =>
  stringify(records, { header: true, columns: CATALOG_COLUMN_NAMES, bom: true });

const post = (path: string, body: string) =>
  api(path, { method: "POST", body, headers: { "Content-Type": "text/csv" } });

type Plan = {
  rows: {
    line: number;
    slug: string;
    kind: string;
    columns?: string[];
    errors?: { column: string; message: string }[];
  }[];
  counts: { added: number; changed: number; unchanged: number; errors: number };
};

async function sha256(bytes: Uint8Array) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(bytes)));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const putPhoto = async (slug: string, bytes: Uint8Array, name = `${slug}.png`) =>
  api(`photos/${slug}`, {
    method: "PUT",
    body: new Uint8Array(bytes),
    headers: {
      "X-Content-SHA256": await sha256(bytes),
      "X-File-Name": name,
      "Content-Type": "application/octet-stream",
    },
  });

describe("catalogue import and export (issue 18)", () => {
  beforeAll(freshCatalogVersion);

  it("needs the token: none is a 401, a staff session is not enough", async () => {
    expect((await SELF.fetch(`${ORIGIN}/api/catalog/export`)).status).toBe(401);
    expect(
      (await SELF.fetch(`${ORIGIN}/api/catalog/export`, { headers: { Authorization: "Bearer wrong-token" } })).status,
    ).toBe(401);
    const admin = await signedInAs("admin");
    expect((await SELF.fetch(`${ORIGIN}/api/catalog/export`, { headers: { Cookie: admin.cookie } })).status).toBe(401);
  });

  it("the export read back is all unchanged; a dry run reports added, changed by column and errors by line and column, and writes nothing", async () => {
    const records = await exported();
    expect(records.length).toBeGreaterThan(10);
    const sourdough = records.find((record) => record.slug === "country-sourdough");
    expect(sourdough).toMatchObject({ price: "4.80", vat: "zero" });
    expect(sourdough?.category).toBeTruthy();
    expect(Number(sourdough?.baked_tue)).toBeGreaterThan(0);

    const same = (await (await post("plan", csv(records))).json()) as Plan;
    expect(same.counts).toEqual({ added: 0, changed: 0, unchanged: records.length, errors: 0 });

    const edited = records.map((record) =>
      record.slug === "country-sourdough" ? { ...record, price: "5.20", baked_wed: "30" } : record,
    );
    const added = {
      ...sourdough,
      slug: "spelt-loaf",
      name: "Spelt Loaf",
      category: "Ancient grains",
      version: "",
      photo: "",
    };
    const broken = { ...sourdough, slug: "bad-loaf", name: "", price: "lots", version: "" };
    const plan = (await (await post("plan", csv([...edited, added, broken]))).json()) as Plan;
    expect(plan.counts).toMatchObject({ added: 1, changed: 1, errors: 1 });
    expect(plan.rows.find((row) => row.slug === "country-sourdough")?.columns).toEqual(["price", "baked_wed"]);
    const error = plan.rows.find((row) => row.kind === "error");
    expect(error?.line).toBe(records.length + 3);
    expect(error?.errors).toEqual(
      expect.arrayContaining([
        { column: "name", message: "Enter the product's name" },
        { column: "price", message: "Enter a price in pounds and pence, like 4.50" },
      ]),
    );
    // A file with errors writes nothing, not even its good rows.
    const refused = await post("apply", csv([...edited, added, broken]));
    expect(refused.status).toBe(409);
    expect((await exported()).find((record) => record.slug === "country-sourdough")?.price).toBe("4.80");
  });

  it("applies in chunks at the exported versions: a product edited in the shop meanwhile is refused by line; running the file again finds nothing to do", async () => {
    const records = await exported();
    const file = csv([
      ...records.map((record) =>
        record.slug === "country-sourdough" || record.slug === "seeded-sourdough"
          ? { ...record, summary: `${record.summary} Imported.` }
          : record,
      ),
      ...Array.from({ length: 3 }, (_, i) => ({
        ...records[0],
        slug: `imported-bun-${i}`,
        name: `Imported Bun ${i}`,
        category: "Imported",
        version: "",
        options:
          i === 0
            ? JSON.stringify([
                {
                  name: "Glaze",
                  kind: "choice",
                  plannedApart: false,
                  values: [
                    { label: "Plain", price: "0.00" },
                    { label: "Iced", price: "0.40" },
                  ],
                },
              ])
            : "",
        photo: "",
        baked_sat: "12",
      })),
    ]);
    let applied = 0;
    for (let round = 0; round < 10; round++) {
      const response = await post("apply?limit=2", file);
      expect(response.status).toBe(200);
      const result = (await response.json()) as { applied: unknown[]; refused: unknown[]; remaining: number };
      expect(result.refused).toEqual([]);
      applied += result.applied.length;
      if (result.remaining === 0) break;
    }
    expect(applied).toBe(5);
    const after = await exported();
    expect(after.find((record) => record.slug === "imported-bun-2")).toMatchObject({
      category: "Imported",
      baked_sat: "12",
    });
    // Options travel as JSON: a new product gets them, and they come back out the same.
    expect(JSON.parse(after.find((record) => record.slug === "imported-bun-0")?.options ?? "[]")).toEqual([
      {
        name: "Glaze",
        kind: "choice",
        plannedApart: false,
        values: [
          { label: "Plain", price: "0.00" },
          { label: "Iced", price: "0.40" },
        ],
      },
    ]);
    expect(after.find((record) => record.slug === "country-sourdough")?.summary).toMatch(/Imported\.$/);
    const again = (await (await post("plan", file)).json()) as Plan;
    expect(again.counts).toMatchObject({ added: 0, changed: 0, errors: 0 });

    // Someone edits the loaf in the shop after the export: the file's change to it is refused, by line.
    const stale = csv(
      after.map((record) => (record.slug === "seeded-sourdough" ? { ...record, summary: "Mine" } : record)),
    );
    await env.DB.prepare("UPDATE products SET version = version + 1 WHERE slug = 'seeded-sourdough'").run();
    const conflict = (await (await post("plan", stale)).json()) as Plan;
    const row = conflict.rows.find((r) => r.slug === "seeded-sourdough");
    expect(row?.kind).toBe("error");
    expect(row?.errors?.[0]?.column).toBe("version");
    expect(row?.errors?.[0]?.message).toMatch(/Changed in the shop since this file was exported/);
  });

  it("photos by content hash: a new photo is stored and recorded, the same bytes again upload nothing, changed bytes replace it; a hash that does not match is refused", async () => {
    const png = fromBase64(PNG_64x48_BASE64);
    const jpeg = fromBase64(JPEG_800x600_BASE64);
    const imagesOf = () =>
      env.DB.prepare(
        "SELECT count(*) AS n FROM product_images WHERE product_id = (SELECT id FROM products WHERE slug = 'danish-rye')",
      ).first<number>("n");
    const before = (await imagesOf()) ?? 0;
    const first = await putPhoto("danish-rye", png);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, outcome: "stored" });
    const manifest = ((await (await api("photos")).json()) as { photos: Record<string, string> }).photos;
    expect(manifest["danish-rye"]).toBe(await sha256(png));
    expect(await imagesOf()).toBe(before + 1);

    expect(await (await putPhoto("danish-rye", png)).json()).toEqual({ ok: true, outcome: "unchanged" });
    const replaced = await putPhoto("danish-rye", jpeg, "danish-rye.jpg");
    expect(await replaced.json()).toEqual({ ok: true, outcome: "stored" });
    expect(await imagesOf()).toBe(before + 1);
    expect((await exported()).find((record) => record.slug === "danish-rye")?.photo).toBe("danish-rye.jpg");

    // Staff remove the imported photo in the admin: the manifest no longer lists it, and the
    // next import puts it back.
    await env.DB.prepare(
      "DELETE FROM product_images WHERE product_id = (SELECT id FROM products WHERE slug = 'danish-rye') AND r2_key = (SELECT 'uploads/' || upload_id || '/original' FROM catalog_photos WHERE product_id = (SELECT id FROM products WHERE slug = 'danish-rye'))",
    ).run();
    const listed = ((await (await api("photos")).json()) as { photos: Record<string, string> }).photos;
    expect(listed["danish-rye"]).toBeUndefined();
    expect(await (await putPhoto("danish-rye", jpeg, "danish-rye.jpg")).json()).toEqual({
      ok: true,
      outcome: "stored",
    });
    expect(await imagesOf()).toBe(before + 1);

    const wrong = await api("photos/danish-rye", {
      method: "PUT",
      body: new Uint8Array(png),
      headers: { "X-Content-SHA256": "0".repeat(64), "X-File-Name": "rye.png" },
    });
    expect(wrong.status).toBe(400);
    const notImage = await putPhoto("danish-rye", new TextEncoder().encode("not a picture at all"), "rye.png");
    expect(notImage.status).toBe(415);
  });
});
