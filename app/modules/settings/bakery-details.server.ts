import { and, eq, sql } from "drizzle-orm";
import { auditLog, bakeryDetails } from "../../../database/schema";
import { cachedCatalogRead, getCatalogVersion } from "../cache/catalog-cache.server";
import { catalogChange, publishCatalogChange } from "../cache/catalog-changes.server";
import { isolateMemo } from "../cache/isolate-memo";
import { type Database, insertWhere, previousChangedOneRow, sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { type BakeryDetails, describeBakery } from "./bakery-details";
import type { BakeryDetailsValues } from "./bakery-details-form";

export type { BakeryDetails };

const columns = {
  name: bakeryDetails.name,
  address: bakeryDetails.address,
  postcode: bakeryDetails.postcode,
  collectionInstructions: bakeryDetails.collectionInstructions,
  phone: bakeryDetails.phone,
  email: bakeryDetails.email,
  companyNumber: bakeryDetails.companyNumber,
  vatNumber: bakeryDetails.vatNumber,
  vatStandardRateBps: bakeryDetails.vatStandardRateBps,
  vatReducedRateBps: bakeryDetails.vatReducedRateBps,
  example: bakeryDetails.example,
  version: bakeryDetails.version,
};

/** The details from D1 (emails, which are few, and the admin form, which must see the latest). */
export async function readBakeryDetails(db: Database): Promise<BakeryDetails> {
  const row = await db.select(columns).from(bakeryDetails).where(eq(bakeryDetails.id, 1)).get();
  // Migration 0026 writes the row and nothing deletes it; a database without it is not migrated.
  if (!row) throw new Error("bakery_details has no row: apply the migrations (npm run db:migrate)");
  return describeBakery({ ...row, companyNumber: row.companyNumber ?? "", vatNumber: row.vatNumber ?? "" });
}

/**
 * The details this isolate last read, with the catalogue version they were read under, reused for
 * `SHARED_STATE_TRUST_MS` (a second by default) while the version is the same: every rendered
 * page's footer needs them, and this makes that one Cache API read a second per isolate instead
 * of one per page (decision 018's pattern). Bounded in time as well as by version, because a
 * version number can come round again (a database restored from a backup, or emptied in tests).
 */
const lastRead = isolateMemo<{ version: number; details: BakeryDetails }>();

/**
 * The details for pages (every footer shows them): a catalogue read, cached in this data centre
 * under the catalogue version, which a save moves in the same batch (docs/decisions/025).
 */
export function loadBakeryDetails(
  ctx: Pick<RequestContext, "db" | "kv" | "env" | "timing" | "waitUntil" | "logger" | "memo" | "url">,
): Promise<BakeryDetails> {
  const memoKey = "bakery-details";
  let details = ctx.memo.get(memoKey) as Promise<BakeryDetails> | undefined;
  if (!details) {
    details = readForPages(ctx);
    ctx.memo.set(memoKey, details);
  }
  return details;
}

async function readForPages(ctx: Parameters<typeof loadBakeryDetails>[0]): Promise<BakeryDetails> {
  const version = await getCatalogVersion(ctx);
  const trusted = lastRead.get(ctx.env.SHARED_STATE_TRUST_MS);
  if (trusted?.version === version) return trusted.details;
  const remember = lastRead.reading();
  const details = await cachedCatalogRead(ctx, "bakery-details", "1", () => readBakeryDetails(ctx.db));
  remember({ version, details });
  return details;
}

export type SaveBakeryDetailsResult = { ok: true } | { ok: false; current: BakeryDetails };

/**
 * Saves the details over the version the admin saw: the row, its audit entry and the catalogue
 * bump (so cached pages show the new footer) are one batch, each after the last only if it wrote.
 * Someone else's save in between refuses this one, with what they saved.
 */
export async function saveBakeryDetails(
  ctx: Pick<RequestContext, "db" | "kv" | "env" | "logger">,
  actorId: number,
  expectedVersion: number,
  values: BakeryDetailsValues,
): Promise<SaveBakeryDetailsResult> {
  const before = await readBakeryDetails(ctx.db);
  if (before.version !== expectedVersion) return { ok: false, current: before };
  const after = { ...values, companyNumber: values.companyNumber || null, vatNumber: values.vatNumber || null };
  const results = await ctx.db.batch([
    ctx.db
      .update(bakeryDetails)
      .set({
        ...after,
        example: false,
        version: sql`${bakeryDetails.version} + 1`,
        updatedBy: actorId,
        updatedAt: sqlNow,
      })
      .where(and(eq(bakeryDetails.id, 1), eq(bakeryDetails.version, expectedVersion))),
    insertWhere(
      ctx.db,
      auditLog,
      {
        entity: "bakery_details",
        entityId: 1,
        action: "update",
        actorUserId: actorId,
        before: JSON.stringify(editable(before)),
        after: JSON.stringify(after),
      },
      { where: previousChangedOneRow },
    ),
    catalogChange(ctx.db, previousChangedOneRow),
  ]);
  if ((results[0]?.meta.changes ?? 0) === 0) return { ok: false, current: await readBakeryDetails(ctx.db) };
  lastRead.forget();
  await publishCatalogChange(ctx, results);
  return { ok: true };
}

function editable(details: BakeryDetails) {
  const {
    example: _example,
    version: _version,
    lines: _lines,
    oneLine: _oneLine,
    mapUrl: _mapUrl,
    ...values
  } = details;
  return values;
}
