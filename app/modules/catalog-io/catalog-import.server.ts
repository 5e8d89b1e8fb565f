/**
 * Catalogue export and import (decision 033). The CSV is checked whole first (a dry run: added,
 * changed by column, unchanged, errors by line and column); applying is refused while any row has
 * an error, so a bad file writes nothing. Then rows are written a chunk at a time, each product
 * only at the version it was exported at (someone's edit in the shop meanwhile is reported, not
 * overwritten), weekday numbers through the production plan's own edits (decision 017), and one
 * catalogue version bump per chunk. Re-running the same file finds everything unchanged, so an
 * interrupted import is finished by running it again.
 */
import { parse } from "csv-parse/sync";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import {
  auditLog,
  bakeSchedules,
  catalogPhotos,
  categories,
  productImages,
  productOptions,
  productOptionValues,
  products,
} from "../../../database/schema";
import type { AllergenId, DietaryTagId } from "../../lib/constants";
import { parseMinorUnits } from "../../lib/money";
import { catalogChange, publishCatalogChange } from "../cache/catalog-changes.server";
import { slugify } from "../catalog/slug";
import { shopLocalDateTime } from "../checkout/slots";
import { insertWhere, previousChangedOneRow, rowsChanged, runBatch, sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { applyPlanEdits, type PlanEdit } from "../production/plan-edits.server";
import {
  CATALOG_COLUMN_NAMES,
  type CatalogColumn,
  type CatalogProduct,
  type CatalogRecord,
  type CellError,
  catalogRecord,
  changedColumns,
  parseCatalogRecord,
  WEEKDAY_COLUMNS,
  WEEKDAY_OF_COLUMN,
} from "./catalog-columns";

type ImportContext = Pick<RequestContext, "db" | "kv" | "env" | "logger">;

/** The largest CSV the API takes: 300 products with long descriptions are about 400 KB. */
export const CATALOG_CSV_MAX_BYTES = 2 * 1024 * 1024;

type ShopProduct = { id: number; version: number; product: CatalogProduct };

/** Every product as the CSV shows it, by slug: one D1 batch of five reads. */
export async function readShopCatalog(ctx: Pick<RequestContext, "db">): Promise<Map<string, ShopProduct>> {
  // Products and categories apart: their `name` columns would collide in one joined row.
  const [rows, categoryRows, schedules, options, values, photos] = await ctx.db.batch([
    ctx.db.select().from(products).orderBy(asc(products.name)),
    ctx.db.select({ id: categories.id, name: categories.name, position: categories.position }).from(categories),
    ctx.db.select().from(bakeSchedules).where(eq(bakeSchedules.variantId, 0)),
    ctx.db.select().from(productOptions).orderBy(asc(productOptions.position), asc(productOptions.id)),
    ctx.db.select().from(productOptionValues).orderBy(asc(productOptionValues.position), asc(productOptionValues.id)),
    ctx.db.select({ productId: catalogPhotos.productId, fileName: catalogPhotos.fileName }).from(catalogPhotos),
  ]);
  const photoOf = new Map(photos.map((photo) => [photo.productId, photo.fileName]));
  const categoryOf = new Map(categoryRows.map((category) => [category.id, category]));
  // In the order Admin → Products lists them: by category, then name.
  const ordered = [...rows].sort(
    (a, b) => (categoryOf.get(a.categoryId)?.position ?? 0) - (categoryOf.get(b.categoryId)?.position ?? 0),
  );
  const catalog = new Map<string, ShopProduct>();
  for (const p of ordered) {
    const category = categoryOf.get(p.categoryId)?.name ?? "";
    const baked = WEEKDAY_OF_COLUMN.map(
      (weekday) => schedules.find((row) => row.productId === p.id && row.weekday === weekday)?.quantity ?? 0,
    );
    const specs = options
      .filter((option) => option.productId === p.id)
      .map((option) => ({
        name: option.name,
        kind: option.kind,
        plannedApart: option.plannedApart,
        values: values
          .filter((value) => value.optionId === option.id)
          .map((value) => ({
            label: value.label,
            price: `${Math.floor(value.priceDeltaPence / 100)}.${String(value.priceDeltaPence % 100).padStart(2, "0")}`,
          })),
      }));
    catalog.set(p.slug, {
      id: p.id,
      version: p.version,
      product: {
        slug: p.slug,
        name: p.name,
        category,
        status: p.status,
        pricePence: p.pricePence,
        summary: p.summary,
        description: p.description,
        ingredients: p.ingredients,
        allergens: [...p.allergens].sort(),
        dietaryTags: [...p.dietaryTags].sort(),
        weightGrams: p.weightGrams,
        sizeLabel: p.sizeLabel,
        maxPerOrder: p.maxPerOrder,
        noticeMinutes: p.orderDeadlineMinutes,
        sellFrom: p.sellFrom,
        sellUntil: p.sellUntil,
        shelfLifeDays: p.shelfLifeDays,
        vatCategory: p.vatCategory,
        featured: p.featured,
        baked,
        options: specs,
        photo: photoOf.get(p.id) ?? null,
      },
    });
  }
  return catalog;
}

/**
 * The export: every product's row, in the order Admin → Products lists them, and where each one's
 * first image can be fetched (its original, under /media), for the photos folder.
 */
export async function exportCatalog(
  ctx: Pick<RequestContext, "db">,
): Promise<{ records: CatalogRecord[]; images: Record<string, string> }> {
  const catalog = [...(await readShopCatalog(ctx)).values()];
  const firstImages = await ctx.db
    .select({ productId: productImages.productId, key: productImages.r2Key, position: productImages.position })
    .from(productImages)
    .orderBy(asc(productImages.productId), asc(productImages.position), asc(productImages.id));
  const images: Record<string, string> = {};
  for (const { id, product } of catalog) {
    const first = firstImages.find((image) => image.productId === id);
    if (first) images[product.slug] = `/media/${first.key}`;
  }
  return { records: catalog.map(({ product, version }) => catalogRecord(product, version)), images };
}

export type PlannedRow =
  | { line: number; slug: string; kind: "added"; product: CatalogProduct }
  | {
      line: number;
      slug: string;
      kind: "changed";
      columns: CatalogColumn[];
      product: CatalogProduct;
      id: number;
      version: number;
    }
  | { line: number; slug: string; kind: "unchanged" }
  | { line: number; slug: string; kind: "error"; errors: CellError[] };

export type ImportPlan = {
  rows: PlannedRow[];
  counts: { added: number; changed: number; unchanged: number; errors: number };
};

export type CsvProblem = { ok: false; message: string };

/** The file's rows, with the line each starts on (the header is line 1). */
export function readCatalogCsv(
  text: string,
): { ok: true; records: { line: number; record: Partial<CatalogRecord> }[] } | CsvProblem {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ""), {
      columns: true,
      skip_empty_lines: true,
      relax_column_count: false,
      info: true,
      trim: false,
    }) as never;
  } catch (error) {
    return { ok: false, message: `The file is not a CSV this shop can read: ${(error as Error).message}` };
  }
  const header = rows[0] ? Object.keys(rows[0].record) : [];
  const unknown = header.filter((name) => !(CATALOG_COLUMN_NAMES as string[]).includes(name));
  if (rows.length > 0 && (!header.includes("slug") || unknown.length > 0)) {
    return {
      ok: false,
      message: unknown.length > 0 ? `Unknown columns: ${unknown.join(", ")}` : "The file has no slug column",
    };
  }
  // info.lines is the line a record ends on; a record with a line break inside a cell starts earlier.
  let previousEnd = 1;
  return {
    ok: true,
    records: rows.map(({ record, info }) => {
      const line = previousEnd + 1;
      previousEnd = info.lines;
      return { line, record: record as Partial<CatalogRecord> };
    }),
  };
}

/**
 * The dry run: each row of the file against the shop now. A changed row whose product was edited
 * in the shop since the export (its version moved) is an error on that row, naming the version.
 */
export async function planImport(ctx: Pick<RequestContext, "db">, text: string): Promise<ImportPlan | CsvProblem> {
  const read = readCatalogCsv(text);
  if (!read.ok) return read;
  const shop = await readShopCatalog(ctx);
  const seen = new Map<string, number>();
  const rows: PlannedRow[] = read.records.map(({ line, record }): PlannedRow => {
    const parsed = parseCatalogRecord(record);
    const slug = (record.slug ?? "").trim();
    if (!parsed.ok) return { line, slug, kind: "error", errors: parsed.errors };
    const earlier = seen.get(slug);
    if (earlier !== undefined) {
      return { line, slug, kind: "error", errors: [{ column: "slug", message: `Line ${earlier} has this slug too` }] };
    }
    seen.set(slug, line);
    const current = shop.get(slug);
    if (!current) {
      if (parsed.version !== null) {
        return {
          line,
          slug,
          kind: "error",
          errors: [
            { column: "version", message: "No product in the shop has this slug: leave the version empty to add it" },
          ],
        };
      }
      return { line, slug, kind: "added", product: parsed.product };
    }
    const columns = changedColumns(parsed.product, current.product);
    if (columns.length === 0) return { line, slug, kind: "unchanged" };
    if (parsed.version === null || parsed.version !== current.version) {
      return {
        line,
        slug,
        kind: "error",
        errors: [
          {
            column: "version",
            message: `Changed in the shop since this file was exported (now version ${current.version}): export again and make the change there`,
          },
        ],
      };
    }
    if (columns.includes("options")) {
      return {
        line,
        slug,
        kind: "error",
        errors: [
          {
            column: "options",
            message: "Change an existing product's options on its Options page (orders may hold them)",
          },
        ],
      };
    }
    return { line, slug, kind: "changed", columns, product: parsed.product, id: current.id, version: current.version };
  });
  const count = (kind: PlannedRow["kind"]) => rows.filter((row) => row.kind === kind).length;
  return {
    rows,
    counts: { added: count("added"), changed: count("changed"), unchanged: count("unchanged"), errors: count("error") },
  };
}

export type ApplyResult =
  | {
      ok: true;
      applied: { line: number; slug: string }[];
      refused: { line: number; slug: string; errors: CellError[] }[];
      remaining: number;
    }
  | { ok: false; message: string; plan?: ImportPlan };

const editable = (product: CatalogProduct, categoryId: SQL) => ({
  slug: product.slug,
  name: product.name,
  categoryId,
  pricePence: product.pricePence,
  summary: product.summary,
  description: product.description,
  ingredients: product.ingredients,
  allergens: product.allergens as AllergenId[],
  dietaryTags: product.dietaryTags as DietaryTagId[],
  weightGrams: product.weightGrams,
  sizeLabel: product.sizeLabel,
  maxPerOrder: product.maxPerOrder,
  orderDeadlineMinutes: product.noticeMinutes,
  sellFrom: product.sellFrom,
  sellUntil: product.sellUntil,
  shelfLifeDays: product.shelfLifeDays,
  vatCategory: product.vatCategory,
  featured: product.featured,
  status: product.status,
});

type SQL = ReturnType<typeof sql>;

/**
 * Writes the next `limit` rows still to write, in one D1 batch: categories first (a new name is a
 * new category), then each product (a change only at its exported version) with its audit entry
 * and, for a new one, its options; then the weekday numbers through the plan's own edits. Refused
 * while the file has any error.
 */
export async function applyImport(
  ctx: ImportContext & Pick<RequestContext, "now">,
  text: string,
  limit: number,
): Promise<ApplyResult> {
  const plan = await planImport(ctx, text);
  if ("ok" in plan) return plan;
  if (plan.counts.errors > 0) return { ok: false, message: "The file has errors: nothing was written", plan };
  const pending = plan.rows.filter(
    (row): row is Extract<PlannedRow, { kind: "added" | "changed" }> => row.kind === "added" || row.kind === "changed",
  );
  const chunk = pending.slice(0, limit);
  if (chunk.length === 0) return { ok: true, applied: [], refused: [], remaining: 0 };
  const { db } = ctx;
  const categoryNames = [...new Set(chunk.map((row) => row.product.category))];
  const categoryId = (name: string) =>
    sql`(SELECT ${categories.id} FROM ${categories} WHERE lower(${categories.name}) = lower(${name}) ORDER BY ${categories.id} LIMIT 1)`;
  const statements: BatchItem<"sqlite">[] = [
    ...categoryNames.map((name) =>
      insertWhere(
        db,
        categories,
        {
          name,
          slug: sql`${slugify(name)} || CASE WHEN EXISTS (SELECT 1 FROM ${categories} WHERE ${categories.slug} = ${slugify(name)}) THEN '-' || (SELECT count(*) FROM ${categories}) ELSE '' END`,
          position: sql`(SELECT coalesce(max(${categories.position}), 0) + 1 FROM ${categories})`,
        },
        { where: sql`NOT EXISTS (SELECT 1 FROM ${categories} WHERE lower(${categories.name}) = lower(${name}))` },
      ),
    ),
  ];
  // Where each product's first statement sits in the batch, to read whether it was written.
  const firstStatement: number[] = [];
  for (const row of chunk) {
    firstStatement.push(statements.length);
    const values = editable(row.product, categoryId(row.product.category));
    if (row.kind === "changed") {
      statements.push(
        db
          .update(products)
          .set({ ...values, version: sql`${products.version} + 1`, updatedAt: sqlNow })
          .where(and(eq(products.id, row.id), eq(products.version, row.version))),
        insertWhere(
          db,
          auditLog,
          {
            entity: "product",
            entityId: row.id,
            action: "import",
            after: JSON.stringify({ line: row.line, columns: row.columns }),
          },
          { where: previousChangedOneRow },
        ),
      );
      continue;
    }
    const productId = sql`(SELECT ${products.id} FROM ${products} WHERE ${products.slug} = ${row.product.slug})`;
    statements.push(
      insertWhere(db, products, values, {
        where: sql`NOT EXISTS ${db.select({ id: products.id }).from(products).where(eq(products.slug, row.product.slug))}`,
      }),
      insertWhere(
        db,
        auditLog,
        {
          entity: "product",
          entityId: productId,
          action: "import",
          after: JSON.stringify({ line: row.line, added: true }),
        },
        { where: previousChangedOneRow },
      ),
    );
    row.product.options.forEach((option, position) => {
      const optionId = sql`(SELECT ${productOptions.id} FROM ${productOptions} WHERE ${productOptions.productId} = ${productId} AND ${productOptions.name} = ${option.name})`;
      statements.push(
        insertWhere(
          db,
          productOptions,
          { productId, name: option.name, kind: option.kind, position, plannedApart: option.plannedApart },
          { where: sql`${productId} IS NOT NULL`, onConflict: sql`DO NOTHING` },
        ),
        ...option.values.map((value, index) =>
          insertWhere(
            db,
            productOptionValues,
            { optionId, label: value.label, priceDeltaPence: parseMinorUnits(value.price) ?? 0, position: index },
            { where: sql`${optionId} IS NOT NULL`, onConflict: sql`DO NOTHING` },
          ),
        ),
      );
    });
  }
  statements.push(catalogChange(db));
  const results = await runBatch(db, statements);
  await publishCatalogChange(ctx, results);
  const applied: { line: number; slug: string }[] = [];
  const refused: { line: number; slug: string; errors: CellError[] }[] = [];
  chunk.forEach((row, index) => {
    if (rowsChanged(results[firstStatement[index] ?? 0]) > 0) applied.push({ line: row.line, slug: row.slug });
    else
      refused.push({
        line: row.line,
        slug: row.slug,
        errors: [{ column: "version", message: "Changed in the shop while this import ran: export again" }],
      });
  });
  // The weekly numbers, through the plan's own edits (orders holding more than a new number refuse it).
  const written = chunk.filter((row) => applied.some((done) => done.line === row.line));
  const ids = await db
    .select({ id: products.id, slug: products.slug })
    .from(products)
    .where(
      inArray(products.slug, sql`(SELECT value FROM json_each(${JSON.stringify(written.map((row) => row.slug))}))`),
    );
  const idOf = new Map(ids.map((row) => [row.slug, row.id]));
  // Only the numbers that differ: the plan checks each edit against the orders holding that day.
  const edits: { line: number; slug: string; column: CatalogColumn; edit: PlanEdit }[] = written.flatMap((row) =>
    WEEKDAY_COLUMNS.flatMap((column, index) => {
      const quantity = row.product.baked[index] ?? 0;
      const differs = row.kind === "added" ? quantity > 0 : row.columns.includes(column);
      if (!differs) return [];
      const productId = idOf.get(row.slug) ?? 0;
      const weekday = WEEKDAY_OF_COLUMN[index] ?? 0;
      return [
        { line: row.line, slug: row.slug, column, edit: { kind: "weekday" as const, productId, weekday, quantity } },
      ];
    }),
  );
  const today = shopLocalDateTime(ctx.now()).slice(0, 10);
  const outcomes =
    edits.length > 0
      ? await applyPlanEdits(
          ctx,
          null,
          edits.map((item) => item.edit),
          today,
        )
      : [];
  outcomes.forEach((outcome, index) => {
    const item = edits[index];
    if (!item || outcome.status === "saved") return;
    const message =
      outcome.status === "below-held"
        ? `Orders already hold ${outcome.held} on ${outcome.date}: the weekday number was kept`
        : outcome.status === "not-a-row"
          ? "Its sizes are planned apart: set each size's numbers in the production grid"
          : "Changed in the production plan meanwhile: the weekday number was kept";
    refused.push({ line: item.line, slug: item.slug, errors: [{ column: item.column, message }] });
  });
  return { ok: true, applied, refused, remaining: pending.length - chunk.length };
}
