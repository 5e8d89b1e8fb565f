import { and, asc, count, desc, eq, type SQL, sql } from "drizzle-orm";
import { categories, productImages, productOptions, productOptionValues, products } from "../../../database/schema";
import { type AllergenId, type DietaryTagId, HOME_FEATURED_COUNT, SHOP_PAGE_SIZE } from "../../lib/constants";
import { cachedCatalogRead } from "../cache/catalog-cache.server";
import { firstImage, firstImageColumns, isFirstImageOf } from "../media/first-image.server";
import { type ImageView, imageFromColumns, toImageView } from "../media/image-view";
import type { RequestContext } from "../platform/request-context.server";
import { buildFtsQuery } from "./filters";
import type { ProductOption } from "./options";
import { type ShopFilters, shopSearchParams } from "./shop-url";
import { isSlug } from "./slug";

type CatalogContext = Pick<RequestContext, "db" | "kv" | "env" | "timing" | "waitUntil" | "logger" | "memo" | "url">;

export type Category = { id: number; slug: string; name: string; description: string };

export type ProductCard = {
  id: number;
  slug: string;
  name: string;
  summary: string;
  pricePence: number;
  currency: string;
  allergens: AllergenId[];
  dietaryTags: DietaryTagId[];
  sizeLabel: string | null;
  category: { slug: string; name: string };
  image: ImageView | null;
};

export type ProductDetail = ProductCard & {
  maxPerOrder: number;
  /** What a shopper chooses when adding it (sizes, sliced or not, a message), in order. */
  options: ProductOption[];
  description: string;
  ingredients: string;
  weightGrams: number | null;
  updatedAt: string;
  images: ImageView[];
};

export type ShopPage = { products: ProductCard[]; total: number; page: number; pageCount: number };

// One SELECT list for every card so the home page, listing and search stay consistent; the first
// image comes from a correlated subquery in the join (media/first-image.server.ts): one round trip.
const cardColumns = {
  id: products.id,
  slug: products.slug,
  name: products.name,
  summary: products.summary,
  pricePence: products.pricePence,
  currency: products.currency,
  allergens: products.allergens,
  dietaryTags: products.dietaryTags,
  sizeLabel: products.sizeLabel,
  categorySlug: categories.slug,
  categoryName: categories.name,
  ...firstImageColumns,
};

/** Every card query's joins: its category, and its first image. */
const inCategory = eq(categories.id, products.categoryId);
const withFirstImage = isFirstImageOf(products.id);

const selectCards = (ctx: CatalogContext) =>
  ctx.db
    .select(cardColumns)
    .from(products)
    .innerJoin(categories, inCategory)
    .leftJoin(firstImage, withFirstImage)
    .$dynamic();

type CardRow = Awaited<ReturnType<typeof selectCards>>[number];

function toProductCard(row: CardRow): ProductCard {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    summary: row.summary,
    pricePence: row.pricePence,
    currency: row.currency,
    allergens: row.allergens,
    dietaryTags: row.dietaryTags,
    sizeLabel: row.sizeLabel,
    category: { slug: row.categorySlug, name: row.categoryName },
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
    const rows = await selectCards(ctx)
      .where(eq(products.status, "active"))
      .orderBy(desc(products.featured), desc(products.createdAt), desc(products.id))
      .limit(HOME_FEATURED_COUNT);
    return rows.map(toProductCard);
  });
}

const byName = sql`${products.name} COLLATE NOCASE`;
const sortOrder: Record<ShopFilters["sort"], SQL[]> = {
  featured: [desc(products.featured), byName],
  newest: [desc(products.createdAt), desc(products.id)],
  "price-asc": [asc(products.pricePence), byName],
  "price-desc": [desc(products.pricePence), byName],
  name: [byName],
};

/**
 * The shop listing: filters, search and one page of results, with the total in the same query.
 * Browsing and searching are cached while they find something: entries live in the data centre's
 * Cache API, free to write and evicted when least used, so new searches cost nothing to keep
 * (decision 018; in KV each would have been a billed write).
 */
export async function searchProducts(ctx: CatalogContext, filters: ShopFilters): Promise<ShopPage> {
  return cachedCatalogRead(
    ctx,
    "listing",
    await listingCacheId(filters),
    () => loadListing(ctx, filters),
    (page) => page.products.length > 0,
  );
}

async function loadListing(ctx: CatalogContext, filters: ShopFilters): Promise<ShopPage> {
  const conditions: SQL[] = [eq(products.status, "active")];
  const match = buildFtsQuery(filters.q);
  if (filters.category) conditions.push(eq(categories.slug, filters.category));
  for (const tag of filters.diet) {
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(${products.dietaryTags}) WHERE value = ${tag})`);
  }
  if (filters.freeFrom.length > 0) {
    const list = sql.join(
      filters.freeFrom.map((a) => sql`${a}`),
      sql`, `,
    );
    conditions.push(sql`NOT EXISTS (SELECT 1 FROM json_each(${products.allergens}) WHERE value IN (${list}))`);
  }
  // FTS5 has no word in drizzle: the search is SQL. Matches are scored in a subquery, because
  // bm25() only works where the FTS table drives the scan. A match in the name outweighs one in
  // the description (weights per column: name, summary, description, ingredients).
  const search = match
    ? sql`(SELECT rowid AS id, bm25(products_fts, 10.0, 4.0, 1.0, 1.0) AS score
        FROM products_fts WHERE products_fts MATCH ${match}) AS m`
    : null;
  // With a search term and no explicit sort, best matches come first.
  const order = search && filters.sort === "featured" ? [sql`m.score`, byName] : sortOrder[filters.sort];
  const offset = (filters.page - 1) * SHOP_PAGE_SIZE;

  let query = ctx.db
    .select({ ...cardColumns, total: sql<number>`count(*) OVER ()`.mapWith(Number) })
    .from(products)
    .innerJoin(categories, inCategory)
    .leftJoin(firstImage, withFirstImage)
    .$dynamic();
  if (search) query = query.innerJoin(search, sql`m.id = ${products.id}`);
  const rows = await query
    .where(and(...conditions))
    .orderBy(...order)
    .limit(SHOP_PAGE_SIZE)
    .offset(offset);

  const total = rows[0]?.total ?? (filters.page > 1 ? await countProducts(ctx, conditions, search) : 0);
  return {
    products: rows.map(toProductCard),
    total,
    page: filters.page,
    pageCount: Math.max(1, Math.ceil(total / SHOP_PAGE_SIZE)),
  };
}

// Only reached for a page past the end, where the windowed count has no row to ride on.
async function countProducts(ctx: CatalogContext, conditions: SQL[], search: SQL | null): Promise<number> {
  let query = ctx.db.select({ total: count() }).from(products).innerJoin(categories, inCategory).$dynamic();
  if (search) query = query.innerJoin(search, sql`m.id = ${products.id}`);
  const [row] = await query.where(and(...conditions));
  return row?.total ?? 0;
}

async function listingCacheId(filters: ShopFilters): Promise<string> {
  const query = shopSearchParams(filters).toString() || "all";
  // Long filter combinations are hashed, so cache keys stay short.
  if (query.length <= 200) return query;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(query));
  return `h-${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** A product page: the product and all its images in one statement (images aggregated as JSON). */
export async function getProduct(ctx: CatalogContext, slug: string): Promise<ProductDetail | null> {
  // Not even a possible slug (or longer than a KV key allows): no lookup, no cache entry.
  if (!isSlug(slug)) return null;
  return cachedCatalogRead(ctx, "product", slug, async () => {
    const [row] = await ctx.db
      .select({
        ...cardColumns,
        maxPerOrder: products.maxPerOrder,
        description: products.description,
        ingredients: products.ingredients,
        weightGrams: products.weightGrams,
        updatedAt: products.updatedAt,
        // Every image, in order, as JSON: the page is still one statement.
        imagesJson: sql<string>`(SELECT json_group_array(json_object('r2Key', pi.r2_key, 'alt', pi.alt,
          'width', pi.width, 'height', pi.height, 'variants', json(pi.variants)))
        FROM (SELECT * FROM ${productImages} WHERE ${productImages.productId} = ${products.id}
          ORDER BY ${productImages.position}, ${productImages.id}) pi)`,
        // Its options and their values, as JSON too.
        optionsJson: sql<string>`(SELECT json_group_array(json_object('id', o.id, 'name', o.name, 'kind', o.kind,
          'values', json((SELECT json_group_array(json_object('id', v.id, 'label', v.label,
            'priceDeltaPence', v.price_delta_pence))
            FROM (SELECT * FROM ${productOptionValues} WHERE option_id = o.id ORDER BY position, id) v))))
        FROM (SELECT * FROM ${productOptions} WHERE product_id = ${products.id} ORDER BY position, id) o)`,
      })
      .from(products)
      .innerJoin(categories, inCategory)
      .leftJoin(firstImage, withFirstImage)
      .where(and(eq(products.slug, slug), eq(products.status, "active")));
    if (!row) return null;
    const images = JSON.parse(row.imagesJson) as Parameters<typeof toImageView>[0][];
    return {
      ...toProductCard(row),
      maxPerOrder: row.maxPerOrder,
      options: JSON.parse(row.optionsJson) as ProductOption[],
      description: row.description,
      ingredients: row.ingredients,
      weightGrams: row.weightGrams,
      updatedAt: row.updatedAt,
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
