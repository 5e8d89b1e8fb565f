import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { categories, products } from "../../../database/schema";
import { type AllergenId, type DietaryTagId, HOME_FEATURED_COUNT, SHOP_PAGE_SIZE } from "../../lib/constants";
import { cachedCatalogRead } from "../cache/catalog-cache.server";
import { type ImageColumns, type ImageView, imageFromColumns, toImageView } from "../media/image-view";
import type { RequestContext } from "../platform/request-context.server";
import { buildFtsQuery } from "./filters";
import { type ShopFilters, shopSearchParams } from "./shop-url";
import { isSlug } from "./slug";

type CatalogContext = Pick<RequestContext, "db" | "kv" | "env" | "timing" | "waitUntil" | "logger" | "memo">;

export type Category = { id: number; slug: string; name: string; description: string };

export type ProductCard = {
  id: number;
  slug: string;
  name: string;
  summary: string;
  pricePence: number;
  currency: string;
  stock: number;
  allergens: AllergenId[];
  dietaryTags: DietaryTagId[];
  sizeLabel: string | null;
  category: { slug: string; name: string };
  image: ImageView | null;
};

export type ProductDetail = ProductCard & {
  description: string;
  ingredients: string;
  weightGrams: number | null;
  updatedAt: string;
  images: ImageView[];
};

export type ShopPage = { products: ProductCard[]; total: number; page: number; pageCount: number };

// One SELECT list for every card so the home page, listing and search stay consistent.
// The first image (lowest position) is picked with a correlated subquery: one round trip.
const cardColumns = sql`
  p.id, p.slug, p.name, p.summary, p.price_pence, p.currency, p.stock, p.allergens, p.dietary_tags,
  p.size_label, c.slug AS category_slug, c.name AS category_name,
  i.r2_key AS image_key, i.alt AS image_alt, i.width AS image_width, i.height AS image_height,
  i.variants AS image_variants`;

const cardJoins = sql`
  FROM products p
  JOIN categories c ON c.id = p.category_id
  LEFT JOIN product_images i ON i.id = (
    SELECT pi.id FROM product_images pi WHERE pi.product_id = p.id ORDER BY pi.position, pi.id LIMIT 1
  )`;

type CardRow = {
  id: number;
  slug: string;
  name: string;
  summary: string;
  price_pence: number;
  currency: string;
  stock: number;
  allergens: string;
  dietary_tags: string;
  size_label: string | null;
  category_slug: string;
  category_name: string;
} & ImageColumns;

function toProductCard(row: CardRow): ProductCard {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    summary: row.summary,
    pricePence: row.price_pence,
    currency: row.currency,
    stock: row.stock,
    allergens: JSON.parse(row.allergens),
    dietaryTags: JSON.parse(row.dietary_tags),
    sizeLabel: row.size_label,
    category: { slug: row.category_slug, name: row.category_name },
    image: imageFromColumns(row, row.name),
  };
}

export function listCategories(ctx: CatalogContext): Promise<Category[]> {
  return cachedCatalogRead(ctx, "categories", "all", () =>
    ctx.db
      .select({ id: categories.id, slug: categories.slug, name: categories.name, description: categories.description })
      .from(categories)
      .orderBy(asc(categories.position), asc(categories.name)),
  );
}

export function getFeaturedProducts(ctx: CatalogContext): Promise<ProductCard[]> {
  return cachedCatalogRead(ctx, "featured", "home", async () => {
    const rows = await ctx.db.all<CardRow>(sql`
      SELECT ${cardColumns} ${cardJoins}
      WHERE p.status = 'active'
      ORDER BY p.featured DESC, p.stock = 0, p.created_at DESC, p.id DESC
      LIMIT ${HOME_FEATURED_COUNT}`);
    return rows.map(toProductCard);
  });
}

const sortOrder: Record<ShopFilters["sort"], SQL> = {
  featured: sql`p.featured DESC, p.stock = 0, p.name COLLATE NOCASE`,
  newest: sql`p.created_at DESC, p.id DESC`,
  "price-asc": sql`p.price_pence ASC, p.name COLLATE NOCASE`,
  "price-desc": sql`p.price_pence DESC, p.name COLLATE NOCASE`,
  name: sql`p.name COLLATE NOCASE`,
};

/**
 * The shop listing: filters, search and one page of results, with the total in the same query.
 * Browsing (categories, filters, sorts, pages) is cached while it finds something; free-text
 * searches are not: anyone can type a new one, and each would be a KV write.
 */
export async function searchProducts(ctx: CatalogContext, filters: ShopFilters): Promise<ShopPage> {
  if (filters.q) return loadListing(ctx, filters);
  return cachedCatalogRead(
    ctx,
    "listing",
    await listingCacheId(filters),
    () => loadListing(ctx, filters),
    (page) => page.products.length > 0,
  );
}

async function loadListing(ctx: CatalogContext, filters: ShopFilters): Promise<ShopPage> {
  const conditions: SQL[] = [sql`p.status = 'active'`];
  const match = buildFtsQuery(filters.q);
  if (filters.category) conditions.push(sql`c.slug = ${filters.category}`);
  for (const tag of filters.diet) {
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(p.dietary_tags) WHERE value = ${tag})`);
  }
  if (filters.freeFrom.length > 0) {
    const list = sql.join(
      filters.freeFrom.map((a) => sql`${a}`),
      sql`, `,
    );
    conditions.push(sql`NOT EXISTS (SELECT 1 FROM json_each(p.allergens) WHERE value IN (${list}))`);
  }
  // Matches are scored in a subquery: FTS5's bm25() only works where the FTS table drives the
  // scan. A match in the name outweighs one in the description
  // (weights per column: name, summary, description, ingredients).
  const ftsJoin = match
    ? sql`JOIN (
        SELECT rowid AS id, bm25(products_fts, 10.0, 4.0, 1.0, 1.0) AS score
        FROM products_fts WHERE products_fts MATCH ${match}
      ) m ON m.id = p.id`
    : sql``;
  // With a search term and no explicit sort, best matches come first.
  const order = match && filters.sort === "featured" ? sql`m.score, p.name COLLATE NOCASE` : sortOrder[filters.sort];
  const offset = (filters.page - 1) * SHOP_PAGE_SIZE;

  const rows = await ctx.db.all<CardRow & { total: number }>(sql`
    SELECT ${cardColumns}, count(*) OVER () AS total
    ${cardJoins} ${ftsJoin}
    WHERE ${and(...conditions)}
    ORDER BY ${order}
    LIMIT ${SHOP_PAGE_SIZE} OFFSET ${offset}`);

  const total = rows[0]?.total ?? (filters.page > 1 ? await countProducts(ctx, conditions, ftsJoin) : 0);
  return {
    products: rows.map(toProductCard),
    total,
    page: filters.page,
    pageCount: Math.max(1, Math.ceil(total / SHOP_PAGE_SIZE)),
  };
}

// Only reached for a page past the end, where the windowed count has no row to ride on.
async function countProducts(ctx: CatalogContext, conditions: SQL[], ftsJoin: SQL): Promise<number> {
  const [row] = await ctx.db.all<{ total: number }>(sql`
    SELECT count(*) AS total FROM products p JOIN categories c ON c.id = p.category_id ${ftsJoin}
    WHERE ${and(...conditions)}`);
  return row?.total ?? 0;
}

async function listingCacheId(filters: ShopFilters): Promise<string> {
  const query = shopSearchParams(filters).toString() || "all";
  // KV keys are limited to 512 bytes; long filter combinations are hashed.
  if (query.length <= 200) return query;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(query));
  return `h-${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

type DetailRow = CardRow & {
  description: string;
  ingredients: string;
  weight_grams: number | null;
  updated_at: string;
  images_json: string;
};

/** A product page: the product and all its images in one statement (images aggregated as JSON). */
export async function getProduct(ctx: CatalogContext, slug: string): Promise<ProductDetail | null> {
  // Not even a possible slug (or longer than a KV key allows): no lookup, no cache entry.
  if (!isSlug(slug)) return null;
  return cachedCatalogRead(ctx, "product", slug, async () => {
    const [row] = await ctx.db.all<DetailRow>(sql`
      SELECT ${cardColumns}, p.description, p.ingredients, p.weight_grams, p.updated_at,
        (SELECT json_group_array(json_object(
            'r2Key', pi.r2_key, 'alt', pi.alt, 'width', pi.width, 'height', pi.height, 'variants', json(pi.variants)))
          FROM (SELECT * FROM product_images WHERE product_id = p.id ORDER BY position, id) pi) AS images_json
      ${cardJoins}
      WHERE p.slug = ${slug} AND p.status = 'active'`);
    if (!row) return null;
    const images = JSON.parse(row.images_json) as Parameters<typeof toImageView>[0][];
    return {
      ...toProductCard(row),
      description: row.description,
      ingredients: row.ingredients,
      weightGrams: row.weight_grams,
      updatedAt: row.updated_at,
      images: images.map(toImageView),
    };
  });
}

export type SitemapProduct = { slug: string; updatedAt: string };

export function listSitemapProducts(ctx: CatalogContext): Promise<SitemapProduct[]> {
  return cachedCatalogRead(ctx, "sitemap", "products", () =>
    ctx.db
      .select({ slug: products.slug, updatedAt: products.updatedAt })
      .from(products)
      .where(eq(products.status, "active"))
      .orderBy(asc(products.slug)),
  );
}
