/**
 * "Tell me when it's back" (decision 032). A shopper leaves an address for a product on a bake day
 * that is sold out or not open yet (a drop); the five-minute cron tells each waiting address once,
 * through the outbox, when that day has some to sell (the baker raised the plan, an order was
 * cancelled, the drop opened), and expires requests whose day has passed. Staff see how many are
 * waiting on the production grid: demand for tomorrow's bake.
 */
import { and, asc, between, count, eq, inArray, lt, ne, sql } from "drizzle-orm";
import { emailOutbox, notifyRequests, products } from "../../../database/schema";
import { NOTIFY_ME } from "../../lib/constants";
import { longDay } from "../../lib/shop-dates";
import { shopLocalDateTime } from "../checkout/slots";
import { renderEmail, shopForEmails } from "../email/render-email.server";
import { NotifyEmail } from "../email/templates/notify-email";
import { unsubscribeUrl } from "../email/unsubscribe-links.server";
import { insertWhere, previousChangedOneRow, returnedRows, runBatch, sqlLower, sqlNow } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { type DayAvailability, productDay, salesKey } from "../production/availability";
import { loadPlan } from "../production/plan.server";

// The form's schema, for the product page's action: through this server module, so the page's
// browser code never loads zod for it.
export { NotifyMeSchema } from "./notify-form";

type Ctx = Pick<RequestContext, "db">;

/** Days a shopper can ask about: sold out, or on sale later (a drop). */
export const canWaitFor = (day: DayAvailability) => day.status === "sold-out" || day.status === "opens-later";

export type NotifyRequestResult =
  | { ok: true; productName: string; slug: string; date: string; reason: "sold-out" | "opens-later" }
  | { ok: false; field: "date" | "email" | "productId"; message: string; status: number };

/** How a product's day looks to a shopper now, from the live plan (one D1 batch). */
async function dayNow(ctx: Pick<RequestContext, "db" | "now">, productId: number, date: string) {
  const nowLocal = shopLocalDateTime(ctx.now());
  const today = nowLocal.slice(0, 10);
  if (date <= today) return null;
  const { context, plans } = await loadPlan(ctx, { from: today, to: date }, [productId]);
  const plan = plans.get(productId);
  return plan ? productDay(context, plan, date, nowLocal) : null;
}

export async function requestNotification(
  ctx: Pick<RequestContext, "db" | "now">,
  values: { productId: number; date: string; email: string },
): Promise<NotifyRequestResult> {
  const product = await ctx.db
    .select({ name: products.name, slug: products.slug })
    .from(products)
    .where(and(eq(products.id, values.productId), eq(products.status, "active")))
    .get();
  if (!product) return { ok: false, field: "productId", message: "That product isn't on sale any more.", status: 404 };
  const day = await dayNow(ctx, values.productId, values.date);
  if (!day || !canWaitFor(day)) {
    const message =
      day?.status === "available"
        ? "There are some left that day: you can order it now"
        : "We can only tell you about a day that is sold out or not open yet";
    return { ok: false, field: "date", message, status: 409 };
  }
  const [waiting] = await ctx.db
    .select({ n: count() })
    .from(notifyRequests)
    .where(and(eq(notifyRequests.address, sqlLower(values.email)), eq(notifyRequests.status, "waiting")));
  if ((waiting?.n ?? 0) >= NOTIFY_ME.maxWaitingPerAddress) {
    return {
      ok: false,
      field: "email",
      message: `This address is already waiting for ${NOTIFY_ME.maxWaitingPerAddress} bakes: we'll tell you about those first`,
      status: 429,
    };
  }
  // Asking again is one request; asking again after being told (sold out once more) waits anew.
  await ctx.db
    .insert(notifyRequests)
    .values({ address: sqlLower(values.email), productId: values.productId, bakeDate: values.date })
    .onConflictDoUpdate({
      target: [notifyRequests.address, notifyRequests.productId, notifyRequests.bakeDate],
      set: { status: "waiting", notifiedAt: null, updatedAt: sqlNow },
      setWhere: ne(notifyRequests.status, "waiting"),
    });
  return { ok: true, productName: product.name, slug: product.slug, date: values.date, reason: day.status };
}

type NotifyContext = Pick<RequestContext, "db" | "env" | "bindings" | "logger" | "now">;

/**
 * The cron: tells each waiting address whose day now has some to sell, once, and expires requests
 * whose day has passed or closed for orders. Each request moves from waiting to sent by one
 * conditional UPDATE, with its email written in the same D1 batch, so a run twice or at once
 * sends nobody two.
 */
export async function notifyWhenBack(ctx: NotifyContext, origin: string): Promise<{ told: number; expired: number }> {
  const nowLocal = shopLocalDateTime(ctx.now());
  const today = nowLocal.slice(0, 10);
  const expiredPast = await ctx.db
    .update(notifyRequests)
    .set({ status: "expired", updatedAt: sqlNow })
    .where(and(eq(notifyRequests.status, "waiting"), lt(notifyRequests.bakeDate, addOneDay(today))))
    .returning({ id: notifyRequests.id });
  const waiting = await ctx.db
    .select({
      id: notifyRequests.id,
      address: notifyRequests.address,
      productId: notifyRequests.productId,
      bakeDate: notifyRequests.bakeDate,
      name: products.name,
      slug: products.slug,
    })
    .from(notifyRequests)
    .innerJoin(products, eq(products.id, notifyRequests.productId))
    .where(eq(notifyRequests.status, "waiting"))
    .orderBy(asc(notifyRequests.id))
    .limit(NOTIFY_ME.perRun * 5);
  if (waiting.length === 0) return { told: 0, expired: expiredPast.length };
  // ISO dates sort as text: the last one bounds the plan read.
  const lastDate =
    waiting
      .map((row) => row.bakeDate)
      .sort()
      .at(-1) ?? today;
  const { context, plans } = await loadPlan(ctx, { from: today, to: lastDate }, [
    ...new Set(waiting.map((row) => row.productId)),
  ]);
  const due: typeof waiting = [];
  const closed: number[] = [];
  for (const row of waiting) {
    const plan = plans.get(row.productId);
    const day = plan ? productDay(context, plan, row.bakeDate, nowLocal) : null;
    if (day?.status === "available") due.push(row);
    else if (!day || day.status === "too-late" || day.status === "closed") closed.push(row.id);
  }
  if (closed.length > 0) {
    await ctx.db
      .update(notifyRequests)
      .set({ status: "expired", updatedAt: sqlNow })
      .where(and(inArray(notifyRequests.id, closed.slice(0, 90)), eq(notifyRequests.status, "waiting")));
  }
  const toTell = due.slice(0, NOTIFY_ME.perRun);
  if (toTell.length === 0) return { told: 0, expired: expiredPast.length + Math.min(closed.length, 90) };
  const shop = await shopForEmails(ctx.db);
  const statements = await Promise.all(
    toTell.map(async (row) => {
      const link = await unsubscribeUrl(ctx.env, origin, "notify", row.id, row.address);
      const email = await renderEmail(
        `${row.name} is back for ${longDay(row.bakeDate)}`,
        <NotifyEmail
          productName={row.name}
          day={longDay(row.bakeDate)}
          productUrl={`${origin}/products/${row.slug}`}
          unsubscribeUrl={link}
        />,
        shop,
      );
      return [
        ctx.db
          .update(notifyRequests)
          .set({ status: "sent", notifiedAt: sqlNow, updatedAt: sqlNow })
          .where(and(eq(notifyRequests.id, row.id), eq(notifyRequests.status, "waiting"))),
        insertWhere(
          ctx.db,
          emailOutbox,
          { kind: "notify-me", recipient: row.address, ...email, unsubscribeUrl: link },
          { where: previousChangedOneRow, returning: sql`${emailOutbox.id}` },
        ),
      ];
    }),
  );
  const results = await runBatch(ctx.db, statements.flat());
  const outboxIds = results.flatMap((result) => returnedRows<{ id: number }>(result).map((row) => row.id));
  if (outboxIds.length > 0) {
    await ctx.bindings.EMAIL_QUEUE.sendBatch(outboxIds.map((outboxId) => ({ body: { outboxId } })));
  }
  ctx.logger.info("told shoppers their bake is back", { told: outboxIds.length });
  return { told: outboxIds.length, expired: expiredPast.length + Math.min(closed.length, 90) };
}

function addOneDay(date: string): string {
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** The production grid: how many are waiting per product and day (`salesKey`). */
export async function waitingDemand(ctx: Ctx, from: string, to: string): Promise<Map<string, number>> {
  const rows = await ctx.db
    .select({ productId: notifyRequests.productId, date: notifyRequests.bakeDate, n: count() })
    .from(notifyRequests)
    .where(and(eq(notifyRequests.status, "waiting"), between(notifyRequests.bakeDate, from, to)))
    .groupBy(notifyRequests.productId, notifyRequests.bakeDate);
  return new Map(rows.map((row) => [salesKey(row.productId, row.date), row.n]));
}

/** For the unsubscribe link: the request it names, and whether its address still waits for anything. */
export async function notifyRequestById(ctx: Ctx, id: number) {
  const row = await ctx.db
    .select({ address: notifyRequests.address })
    .from(notifyRequests)
    .where(eq(notifyRequests.id, id))
    .get();
  if (!row) return null;
  const [waiting] = await ctx.db
    .select({ n: count() })
    .from(notifyRequests)
    .where(and(eq(notifyRequests.address, row.address), eq(notifyRequests.status, "waiting")));
  return { address: row.address, waiting: waiting?.n ?? 0 };
}

/** "Stop these emails": every request the address still has waiting is cancelled. */
export async function cancelWaitingFor(ctx: Ctx, id: number): Promise<void> {
  const row = await notifyRequestById(ctx, id);
  if (!row) return;
  await ctx.db
    .update(notifyRequests)
    .set({ status: "cancelled", updatedAt: sqlNow })
    .where(and(eq(notifyRequests.address, row.address), eq(notifyRequests.status, "waiting")));
}
