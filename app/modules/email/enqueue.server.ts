import { z } from "zod";
import type { RequestContext } from "../platform/request-context.server";

/** What travels on the email queue: just the outbox row; the consumer renders from the database. */
export const EmailMessage = z.object({ outboxId: z.number().int().positive() });
export type EmailMessage = z.infer<typeof EmailMessage>;

/** Queues every still-queued email of an order (the rows were written with the state change). */
export async function enqueueOrderEmails(
  ctx: Pick<RequestContext, "db" | "bindings">,
  orderId: number,
): Promise<number> {
  const { results } = await ctx.db.$client
    .prepare("SELECT id FROM email_outbox WHERE order_id = ? AND status = 'queued'")
    .bind(orderId)
    .all<{ id: number }>();
  if (results.length === 0) return 0;
  await ctx.bindings.EMAIL_QUEUE.sendBatch(results.map((r) => ({ body: { outboxId: r.id } satisfies EmailMessage })));
  return results.length;
}
