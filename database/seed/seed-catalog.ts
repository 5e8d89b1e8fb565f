import { catalogChangeStatement } from "../../app/modules/cache/catalog-changes.server.ts";
import type { ImageVariant } from "../schema.ts";
import { seedCategories, seedProducts } from "./catalog-data.ts";

export type SeedImage = { r2Key: string; alt: string; width: number; height: number; variants: ImageVariant[] };

/**
 * Writes the demo catalogue in one D1 batch (atomic: all of it or none) and bumps the catalogue
 * version so no cached page from before the seed is served. Runs against any D1 binding: the
 * local one from `npm run db:seed`, or the test database inside workerd.
 */
export async function seedCatalog(db: D1Database, images: Map<string, SeedImage> = new Map()): Promise<number> {
  const statements: D1PreparedStatement[] = [];
  seedCategories.forEach((c, position) => {
    statements.push(
      db
        .prepare("INSERT INTO categories (slug, name, description, position) VALUES (?, ?, ?, ?)")
        .bind(c.slug, c.name, c.description, position),
    );
  });
  // Spread creation times over the past weeks so "newest" sorts meaningfully.
  const now = Date.now();
  seedProducts.forEach((p, index) => {
    const createdAt = new Date(now - (seedProducts.length - index) * 36 * 3600 * 1000).toISOString();
    statements.push(
      db
        .prepare(
          `INSERT INTO products (slug, name, summary, description, ingredients, category_id, price_pence, stock, status,
             allergens, dietary_tags, weight_grams, size_label, featured, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, (SELECT id FROM categories WHERE slug = ?), ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          p.slug,
          p.name,
          p.summary,
          p.description,
          p.ingredients,
          p.category,
          p.pricePence,
          p.stock,
          JSON.stringify(p.allergens),
          JSON.stringify(p.dietaryTags),
          p.weightGrams,
          p.sizeLabel,
          p.featured ? 1 : 0,
          createdAt,
          createdAt,
        ),
    );
    const image = images.get(p.slug);
    if (image) {
      statements.push(
        db
          .prepare(
            `INSERT INTO product_images (product_id, r2_key, alt, width, height, variants, position)
             VALUES ((SELECT id FROM products WHERE slug = ?), ?, ?, ?, ?, ?, 0)`,
          )
          .bind(p.slug, image.r2Key, image.alt, image.width, image.height, JSON.stringify(image.variants)),
      );
    }
  });
  statements.push(catalogChangeStatement(db));
  await db.batch(statements);
  return seedProducts.length;
}

/** Removes the catalogue (for `npm run db:seed -- --reset`), in one batch. */
export async function clearCatalog(db: D1Database): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM product_images"),
    db.prepare("DELETE FROM products"),
    db.prepare("DELETE FROM categories"),
    catalogChangeStatement(db),
  ]);
}

export async function catalogIsEmpty(db: D1Database): Promise<boolean> {
  const row = await db.prepare("SELECT count(*) AS n FROM products").first<{ n: number }>();
  return (row?.n ?? 0) === 0;
}
