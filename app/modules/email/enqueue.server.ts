import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { emailOutbox } from "../../../database/schema";
import type { RequestContext } from "../platform/request-context.server";

/**
 * What travels on the email queue: one outbox row, or "send a newsletter's next batch" (decision
 * 031); the consumer reads and renders everything else from the database.
 */
export const EmailMessage = z.union([
  z.object({ outboxId: z.number().int().positive() }),
  z.object({ newsletterId: z.number().int().positive() }),
]);
export type EmailMessage = z.infer<typeof EmailMessage>;

/** Queues every still-queued email of an order (the rows were written with the state change). */
export async function enqueueOrderEmails(
  ctx: Pick<RequestContext, "db" | "bindings">,
  orderId: number,
): Promise<number> {
  const results = await ctx.db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.orderId, orderId), eq(emailOutbox.status, "queued")));
  if (results.length === 0) return 0;
  await ctx.bindings.EMAIL_QUEUE.sendBatch(results.map((r) => ({ body: { outboxId: r.id } satisfies EmailMessage })));
  return results.length;
}
