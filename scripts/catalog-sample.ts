/**
 * A sample catalogue for trying the import at size (decision 033): N products (default 300) in the
 * demo's categories, each with its own photo drawn by the project (sharp, 960 × 720 JPEG), written
 * as DIR/catalog.csv and DIR/photos/. Usage: node scripts/catalog-sample.ts [N] [DIR]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { stringify } from "csv-stringify/sync";
import sharp from "sharp";
import { CATALOG_COLUMN_NAMES } from "../app/modules/catalog-io/catalog-column-list.ts";
import { seedCategories, seedProducts } from "../database/seed/catalog-data.ts";
import { productSvg } from "./lib/product-art.ts";

const count = Number(process.argv[2] ?? 300);
const dir = resolve(process.argv[3] ?? "catalog-sample");
mkdirSync(join(dir, "photos"), { recursive: true });

const hex = (n: number) => `#${(n & 0xffffff).toString(16).padStart(6, "0")}`;
const rows = [];
for (let i = 1; i <= count; i++) {
  const template = seedProducts[i % seedProducts.length];
  if (!template) throw new Error("no seed products");
  const slug = `sample-bake-${String(i).padStart(3, "0")}`;
  // A drawing of its own: the template's shape in colours no other sample has.
  const art = { ...template.art, crust: hex(0x8a5a2b + i * 0x010203), background: hex(0xf3e3c8 - i * 0x000101) };
  const photo = `${slug}.jpg`;
  writeFileSync(
    join(dir, "photos", photo),
    await sharp(Buffer.from(productSvg({ art })), { density: 260 })
      .resize(960, 720)
      .jpeg({ quality: 85 })
      .toBuffer(),
  );
  const baked = (day: number) => String(day === 0 || day === 1 ? 0 : 6 + (i % 7));
  rows.push({
    slug,
    name: `Sample ${template.name} ${i}`,
    category: seedCategories[i % seedCategories.length]?.name ?? "Samples",
    status: "active",
    price: `${3 + (i % 9)}.${String((i * 7) % 100).padStart(2, "0")}`,
    summary: template.summary,
    description: template.description,
    ingredients: template.ingredients,
    allergens: template.allergens.join(";"),
    dietary: template.dietaryTags.join(";"),
    weight_grams: "",
    size_label: "",
    max_per_order: "12",
    notice_minutes: "360",
    sell_from: "",
    sell_until: "",
    shelf_life_days: "2",
    vat: "zero",
    featured: "no",
    baked_mon: baked(1),
    baked_tue: baked(2),
    baked_wed: baked(3),
    baked_thu: baked(4),
    baked_fri: baked(5),
    baked_sat: baked(6),
    baked_sun: baked(0),
    options: "",
    photo,
    version: "",
  });
}
writeFileSync(join(dir, "catalog.csv"), stringify(rows, { header: true, columns: CATALOG_COLUMN_NAMES, bom: true }));
console.log(`Wrote ${count} products to ${join(dir, "catalog.csv")} and ${count} photos to ${join(dir, "photos")}.`);
