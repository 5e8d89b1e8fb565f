import { and, asc, eq, gte, inArray, notInArray } from "drizzle-orm";
import { auditLog, capacityGroupProducts, capacityGroups, groupDayHolds, products } from "../../../database/schema";
import { runBatch } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

type GroupEditor = Pick<RequestContext, "db" | "kv" | "env" | "logger">;

export type GroupEditResult = { ok: true; notice: string } | { ok: false; field: string | null; message: string };

/** Every capacity group with its members, and every active product that could join one. */
export async function loadGroups(ctx: Pick<RequestContext, "db">) {
  const [groups, members, candidates] = await ctx.db.batch([
    ctx.db.select().from(capacityGroups).orderBy(asc(capacityGroups.name)),
    ctx.db.select().from(capacityGroupProducts),
    ctx.db
      .select({ id: products.id, name: products.name })
      .from(products)
      .where(eq(products.status, "active"))
      .orderBy(asc(products.name)),
  ]);
  return {
    groups: groups.map((group) => ({
      ...group,
      productIds: members.filter((member) => member.groupId === group.id).map((member) => member.productId),
    })),
    products: candidates,
  };
}

export async function createGroup(ctx: GroupEditor, actorId: number, name: string): Promise<GroupEditResult> {
  try {
    await runBatch(ctx.db, [
      ctx.db.insert(capacityGroups).values({ name }),
      ctx.db.insert(auditLog).values({
        entity: "capacity_group",
        entityId: 0,
        action: "group-create",
        actorUserId: actorId,
        after: JSON.stringify({ name }),
      }),
    ]);
  } catch (error) {
    if (String(error).includes("UNIQUE"))
      return { ok: false, field: "name", message: "A group already has that name." };
    throw error;
  }
  return {
    ok: true,
    notice: `Group "${name}" added: choose what shares it, then set its limits in the weekly defaults.`,
  };
}

/**
 * Which products share a group. Its coming days' counters are dropped in the same batch: they
 * are rebuilt from the orders of the new members when next used (decision 017), so what the
 * group holds is always what its members' orders hold.
 */
export async function setGroupMembers(
  ctx: GroupEditor,
  actorId: number,
  today: string,
  groupId: number,
  productIds: readonly number[],
): Promise<GroupEditResult> {
  const group = await ctx.db.select().from(capacityGroups).where(eq(capacityGroups.id, groupId)).get();
  if (!group) return { ok: false, field: null, message: "That group no longer exists." };
  const before = await ctx.db
    .select({ productId: capacityGroupProducts.productId })
    .from(capacityGroupProducts)
    .where(eq(capacityGroupProducts.groupId, groupId));
  const ids = [...new Set(productIds)];
  await runBatch(ctx.db, [
    ctx.db
      .delete(capacityGroupProducts)
      .where(
        and(
          eq(capacityGroupProducts.groupId, groupId),
          ids.length ? notInArray(capacityGroupProducts.productId, ids) : undefined,
        ),
      ),
    ...(ids.length
      ? [
          ctx.db
            .insert(capacityGroupProducts)
            .select(
              ctx.db
                .select({ groupId: capacityGroups.id, productId: products.id })
                .from(products)
                .innerJoin(capacityGroups, eq(capacityGroups.id, groupId))
                .where(inArray(products.id, ids)),
            )
            .onConflictDoNothing(),
        ]
      : []),
    ctx.db.delete(groupDayHolds).where(and(eq(groupDayHolds.groupId, groupId), gte(groupDayHolds.bakeDate, today))),
    ctx.db.insert(auditLog).values({
      entity: "capacity_group",
      entityId: groupId,
      action: "group-members",
      actorUserId: actorId,
      before: JSON.stringify(before.map((row) => row.productId)),
      after: JSON.stringify(ids),
    }),
  ]);
  return { ok: true, notice: `"${group.name}" is shared by ${ids.length} product${ids.length === 1 ? "" : "s"}.` };
}

/** Removes a group: its products are then limited only by their own numbers. */
export async function deleteGroup(ctx: GroupEditor, actorId: number, groupId: number): Promise<GroupEditResult> {
  const group = await ctx.db.select().from(capacityGroups).where(eq(capacityGroups.id, groupId)).get();
  if (!group) return { ok: false, field: null, message: "That group no longer exists." };
  await runBatch(ctx.db, [
    ctx.db.insert(auditLog).values({
      entity: "capacity_group",
      entityId: groupId,
      action: "group-delete",
      actorUserId: actorId,
      before: JSON.stringify(group),
    }),
    // Limits, members and counters go with it (ON DELETE CASCADE).
    ctx.db.delete(capacityGroups).where(eq(capacityGroups.id, groupId)),
  ]);
  return { ok: true, notice: `Group "${group.name}" removed.` };
}
