import { data as answer } from "react-router";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { subjectByEmail } from "../modules/privacy/data-subjects.server";
import { collectPersonalData, logExport } from "../modules/privacy/personal-data.server";
import { personalDataDownload } from "../modules/privacy/personal-data-download.server";
import { CustomerLookupSchema } from "../modules/privacy/privacy-forms";
import type { Route } from "./+types/admin.customer-data-json";

/** /admin/customer-data.json?email=…: a customer's data as a file, for an admin answering a request; logged. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const lookup = CustomerLookupSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!lookup.success) throw answer({ message: "Give the customer's email address." }, { status: 400 });
  const subject = await subjectByEmail(ctx, lookup.data.email);
  const [data] = await Promise.all([collectPersonalData(ctx, subject), logExport(ctx, subject, admin.id)]);
  return personalDataDownload(data, ctx.now());
}
