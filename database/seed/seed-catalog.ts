import { count, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import { catalogChange } from "../../app/modules/cache/catalog-changes.server.ts";
import { insertWhere } from "../../app/modules/platform/db.server.ts";
import * as schema from "../schema.ts";
import { bakeSchedules, categories, type ImageVariant, productImages, products, shopWeekdays } from "../schema.ts";
import { seedCategories, seedProducts } from "./catalog-data.ts";

export type SeedImage = { r2Key: string; alt: string; width: number; height: number; variants: ImageVariant[] };

const idOfCategory = (slug: string) =>
  sql`(SELECT ${categories.id} FROM ${categories} WHERE ${categories.slug} = ${slug})`;
const idOfProduct = (slug: string) => sql`(SELECT ${products.id} FROM ${products} WHERE ${products.slug} = ${slug})`;

/**
 * Writes the demo catalogue in one D1 batch (atomic: all of it or none) and bumps the catalogue
 * version so no cached page from before the seed is served. Runs against any D1 binding: the
 * local one from `npm run db:seed`, or the test database inside workerd.
 */
export async function seedCatalog(d1: D1Database, images: Map<string, SeedImage> = new Map()): Promise<number> {
  const db = drizzle(d1, { schema });
  const queries: BatchItem<"sqlite">[] = [];
  queries.push(
    db
      .insert(categories)
      .values(
        seedCategories.map((c, position) => ({ slug: c.slug, name: c.name, description: c.description, position })),
      ),
  );
  // Spread creation times over the past weeks so "newest" sorts meaningfully.
  const now = Date.now();
  seedProducts.forEach((p, index) => {
    const createdAt = new Date(now - (seedProducts.length - index) * 36 * 3600 * 1000).toISOString();
    queries.push(
      db.insert(products).values({
        slug: p.slug,
        name: p.name,
        summary: p.summary,
        description: p.description,
        ingredients: p.ingredients,
        categoryId: idOfCategory(p.category),
        pricePence: p.pricePence,
        status: "active",
        allergens: p.allergens,
        dietaryTags: p.dietaryTags,
        weightGrams: p.weightGrams,
        sizeLabel: p.sizeLabel,
        featured: p.featured,
        createdAt,
        updatedAt: createdAt,
      }),
    );
    const image = images.get(p.slug);
    if (image) {
      queries.push(
        db.insert(productImages).values({
          productId: idOfProduct(p.slug),
          r2Key: image.r2Key,
          alt: image.alt,
          width: image.width,
          height: image.height,
          variants: image.variants,
          position: 0,
        }),
      );
    }
  });
  // Each product is baked on every open day, its own number a day.
  for (const p of seedProducts) {
    queries.push(
      insertWhere(
        db,
        bakeSchedules,
        { productId: idOfProduct(p.slug), weekday: shopWeekdays.weekday, quantity: p.bakedPerDay },
        { from: sql`${shopWeekdays}`, where: eq(shopWeekdays.open, true) },
      ),
    );
  }
  await db.batch([catalogChange(db), ...queries]);
  return seedProducts.length;
}

/** Removes the catalogue (for `npm run db:seed -- --reset`), in one batch. */
export async function clearCatalog(d1: D1Database): Promise<void> {
  const db = drizzle(d1);
  await db.batch([catalogChange(db), db.delete(productImages), db.delete(products), db.delete(categories)]);
}

export async function catalogIsEmpty(d1: D1Database): Promise<boolean> {
  const row = await drizzle(d1).select({ n: count() }).from(products).get();
  return (row?.n ?? 0) === 0;
}
