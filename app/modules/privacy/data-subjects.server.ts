import { eq } from "drizzle-orm";
import { users } from "../../../database/schema";
import type { RequestContext } from "../platform/request-context.server";
import type { DataSubject } from "./personal-data.server";

/** Whose data an admin asked about: the account with that address if there is one, else a guest's. */
export async function subjectByEmail(ctx: Pick<RequestContext, "db">, email: string): Promise<DataSubject> {
  const address = email.trim().toLowerCase();
  const account = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, address)).get();
  return { userId: account?.id ?? null, email: address };
}
