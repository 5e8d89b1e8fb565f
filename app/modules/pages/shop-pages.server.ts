import { and, eq, sql } from "drizzle-orm";
import { auditLog, shopPages } from "../../../database/schema";
import { cachedCatalogRead } from "../cache/catalog-cache.server";
import { catalogChange, publishCatalogChange } from "../cache/catalog-changes.server";
import { insertWhere, previousChangedOneRow, sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { renderMarkdown } from "./markdown.server";
import { SHOP_PAGES, type ShopPageSlug } from "./page-defaults";

export type ShopPage = {
  slug: ShopPageSlug;
  title: string;
  description: string;
  /** The Markdown as saved (or the default's). */
  body: string;
  /** The body rendered and made safe (markdown.server.ts). */
  html: string;
  /** False while the page shows the default text from the code. */
  customised: boolean;
  /** 0 while there is no saved text: a save then must be the first. */
  version: number;
  updatedAt: string | null;
};

type PagesContext = Pick<RequestContext, "db">;

/** The page as saved in D1, or its default: for the admin's form, which must start from the latest. */
export async function readShopPage(ctx: PagesContext, slug: ShopPageSlug): Promise<ShopPage> {
  const row = await ctx.db
    .select({ body: shopPages.body, version: shopPages.version, updatedAt: shopPages.updatedAt })
    .from(shopPages)
    .where(eq(shopPages.slug, slug))
    .get();
  const { title, description, body } = SHOP_PAGES[slug];
  const text = row?.body ?? body;
  return {
    slug,
    title,
    description,
    body: text,
    html: renderMarkdown(text),
    customised: Boolean(row),
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt ?? null,
  };
}

/**
 * The page for visitors: a catalogue read (this data centre's Cache API under the catalogue
 * version, which every save moves), rendered once per version rather than once per view.
 */
export function loadShopPage(
  ctx: Pick<RequestContext, "db" | "kv" | "env" | "timing" | "waitUntil" | "logger" | "memo" | "url">,
  slug: ShopPageSlug,
): Promise<ShopPage> {
  return cachedCatalogRead(ctx, "shop-page", slug, () => readShopPage(ctx, slug));
}

export type PageSaveResult = { ok: true } | { ok: false; current: ShopPage };

type EditorContext = Pick<RequestContext, "db" | "kv" | "env" | "logger">;

/**
 * Saves a page's text over the version the admin started from (0: the default, no row yet). The
 * write, its audit entry and the catalogue bump (cached pages show it at once) are one batch, each
 * after the one before only if it wrote; someone else's save in between refuses this one.
 */
export async function saveShopPage(
  ctx: EditorContext,
  actorId: number,
  slug: ShopPageSlug,
  expectedVersion: number,
  body: string,
): Promise<PageSaveResult> {
  const before = await readShopPage(ctx, slug);
  if (before.version !== expectedVersion) return { ok: false, current: before };
  const write =
    expectedVersion === 0
      ? ctx.db.insert(shopPages).values({ slug, body, updatedBy: actorId }).onConflictDoNothing()
      : ctx.db
          .update(shopPages)
          .set({ body, version: sql`${shopPages.version} + 1`, updatedBy: actorId, updatedAt: sqlNow })
          .where(and(eq(shopPages.slug, slug), eq(shopPages.version, expectedVersion)));
  return commit(ctx, slug, [write, audit(ctx, actorId, `update ${slug}`, before.body, body)]);
}

/** Back to the default text: the saved one is deleted, if it is still the version the admin saw. */
export async function restoreDefaultShopPage(
  ctx: EditorContext,
  actorId: number,
  slug: ShopPageSlug,
  expectedVersion: number,
): Promise<PageSaveResult> {
  const before = await readShopPage(ctx, slug);
  if (before.version !== expectedVersion) return { ok: false, current: before };
  if (!before.customised) return { ok: true };
  return commit(ctx, slug, [
    ctx.db.delete(shopPages).where(and(eq(shopPages.slug, slug), eq(shopPages.version, expectedVersion))),
    audit(ctx, actorId, `restore default ${slug}`, before.body, SHOP_PAGES[slug].body),
  ]);
}

function audit(ctx: EditorContext, actorId: number, action: string, before: string, after: string) {
  return insertWhere(
    ctx.db,
    auditLog,
    { entity: "shop_page", entityId: 0, action, actorUserId: actorId, before, after },
    { where: previousChangedOneRow },
  );
}

async function commit(
  ctx: EditorContext,
  slug: ShopPageSlug,
  [write, entry]: [Parameters<EditorContext["db"]["batch"]>[0][number], ReturnType<typeof audit>],
): Promise<PageSaveResult> {
  const results = await ctx.db.batch([write, entry, catalogChange(ctx.db, previousChangedOneRow)]);
  if (((results[0] as D1Result | undefined)?.meta.changes ?? 0) === 0) {
    return { ok: false, current: await readShopPage(ctx, slug) };
  }
  await publishCatalogChange(ctx, results);
  return { ok: true };
}
