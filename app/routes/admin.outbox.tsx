import { Form, Link, redirect, useSearchParams } from "react-router";
import { z } from "zod";
import { Button } from "../components/forms/button";
import { FormErrors } from "../components/forms/fields";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { EMAIL_STATUSES, emailCounts, listEmails, retryEmail } from "../modules/admin/outbox-admin.server";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { readSubmission } from "../modules/forms/submission.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/admin.outbox";

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  const status = z
    .enum(EMAIL_STATUSES)
    .optional()
    .catch(undefined)
    .parse(new URL(request.url).searchParams.get("status") ?? undefined);
  const [emails, counts] = await Promise.all([listEmails(ctx, status), emailCounts(ctx)]);
  return { emails, counts, status: status ?? null };
}

const RetryEmail = z.object({ id: z.coerce.number({ message: "Choose an email to retry." }).int().positive() });

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  const form = await readSubmission(request, RetryEmail);
  const { submission } = form;
  if (submission.status !== "success") return form.formError("Choose an email to retry.");
  if (!(await retryEmail(ctx, submission.value.id))) {
    return form.formError("That email isn't failed any more: it is queued or already sent.", 409);
  }
  return redirect(`/admin/outbox${new URL(request.url).search}`, 303);
}

const STATUS_STYLE: Record<string, string> = {
  sent: "bg-green-100 text-green-900",
  queued: "bg-stone-100 text-stone-800",
  failed: "bg-red-100 text-red-900",
  suppressed: "bg-amber-100 text-amber-900",
};
/** What Resend reported after the send, in words (its webhooks; decision 022). */
const DELIVERY_WORDS: Record<string, string> = {
  delivered: "delivered",
  delayed: "delivery delayed",
  bounced: "bounced",
  complained: "marked as spam",
};
const when = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "short", timeStyle: "short" });

export default function AdminOutbox({ loaderData, actionData }: Route.ComponentProps) {
  const { emails, counts, status } = loaderData;
  const [searchParams] = useSearchParams();
  const [retry] = useSchemaForm(RetryEmail, { answer: actionData });
  const filterLink = (value: string | null, label: string) => (
    <Link
      to={value ? `/admin/outbox?status=${value}` : "/admin/outbox"}
      aria-current={status === value ? "page" : undefined}
      className={`rounded-full px-3 py-1 text-sm font-semibold ${status === value ? "bg-crust-700 text-white" : "text-crust-800 underline"}`}
    >
      {label}
    </Link>
  );
  return (
    <section aria-labelledby="outbox-heading">
      <h1 id="outbox-heading" className="font-serif text-3xl font-bold text-crust-900">
        Email outbox
      </h1>
      <p className="mt-2 text-stone-700">Every email the shop sends. Failed ones were retried by the queue first.</p>
      <nav aria-label="Email status" className="mt-4 flex flex-wrap gap-2">
        {filterLink(null, `All (${counts.queued + counts.sent + counts.failed + counts.suppressed})`)}
        {filterLink("failed", `Failed (${counts.failed})`)}
        {filterLink("queued", `Queued (${counts.queued})`)}
        {filterLink("sent", `Sent (${counts.sent})`)}
        {filterLink("suppressed", `Held back (${counts.suppressed})`)}
      </nav>
      <div className="mt-4 empty:hidden">
        <FormErrors id={retry.errorId} errors={retry.errors} />
      </div>
      {emails.length === 0 ? <p className="mt-6">No emails here.</p> : null}
      <ul className="mt-6 divide-y divide-crust-200 rounded-2xl border border-crust-200 bg-white">
        {emails.map((email) => (
          <li key={email.id} aria-label={email.subject} className="flex flex-wrap items-center gap-x-6 gap-y-1 p-4">
            <div className="min-w-0 flex-1 sm:min-w-72">
              <p className="font-semibold">{email.subject}</p>
              <p className="text-sm text-stone-700">
                {`To ${email.recipient} · ${email.kind} · ${email.attempts} attempt${email.attempts === 1 ? "" : "s"} · ${when(email.createdAt)}`}
                {email.orderNumber ? (
                  <>
                    {" · "}
                    <Link to={`/admin/orders/${email.orderNumber}`} className="text-crust-700 underline">
                      {email.orderNumber}
                    </Link>
                  </>
                ) : null}
              </p>
              {email.lastError ? <p className="text-sm text-red-800">{`Last error: ${email.lastError}`}</p> : null}
              {email.delivery ? (
                <p
                  className={`text-sm ${email.delivery === "bounced" || email.delivery === "complained" ? "text-red-800" : "text-stone-700"}`}
                >
                  {`Resend: ${DELIVERY_WORDS[email.delivery] ?? email.delivery}${email.deliveryDetail ? ` (${email.deliveryDetail})` : ""}`}
                </p>
              ) : null}
            </div>
            <span className={`rounded-full px-2 py-0.5 text-sm font-semibold ${STATUS_STYLE[email.status] ?? ""}`}>
              {email.status}
            </span>
            {email.status === "failed" ? (
              <Form method="post" action={`/admin/outbox?${searchParams}`}>
                <input type="hidden" name="id" value={email.id} />
                <Button variant="secondary" size="sm">
                  Retry
                </Button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
