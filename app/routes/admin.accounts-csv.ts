import { data as answer } from "react-router";
import { accountingCsv } from "../modules/accounting/accounting-export.server";
import { AccountingPeriodSchema } from "../modules/accounting/accounting-export-form";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/admin.accounts-csv";

/**
 * /admin/accounts.csv?from=…&to=…: sales and refunds of those shop days for the bookkeeper, streamed
 * (decision 029). Admins only: it is the shop's takings. The page before it checks the dates by
 * their fields; a hand-made link with bad ones gets a 400 that says what is wrong.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  const period = AccountingPeriodSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!period.success) {
    throw answer({ message: period.error.issues.map((issue) => issue.message).join(". ") }, { status: 400 });
  }
  const { from, to } = period.data;
  return new Response(accountingCsv(ctx, period.data), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="band-of-bakers-accounts-${from}-to-${to}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
