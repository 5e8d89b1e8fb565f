import { Link, redirect } from "react-router";
import { Button } from "../components/forms/button";
import { InputField, TextareaField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { TableScroller } from "../components/table-scroller";
import { NEWSLETTER } from "../lib/constants";
import { requireRole, STAFF_ROLES } from "../modules/auth/guards.server";
import { readSubmission } from "../modules/forms/submission.server";
import { NEWSLETTER_STATUS_LABELS, NewNewsletterSchema } from "../modules/newsletter/newsletter-forms";
import { audienceSize, createNewsletter, listNewsletters } from "../modules/newsletter/newsletters.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.newsletters";

export const meta: Route.MetaFunction = () => [{ title: "Newsletter | Admin" }];
export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, STAFF_ROLES);
  const [newsletters, subscribers] = await Promise.all([listNewsletters(ctx), audienceSize(ctx)]);
  return { newsletters, subscribers };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const staff = await requireRole(ctx, request, STAFF_ROLES);
  const form = await readSubmission(request, NewNewsletterSchema, { maxBytes: NEWSLETTER.bodyMaxLength * 4 });
  if (form.submission.status !== "success") return form.reply();
  const limit = await checkRateLimit(ctx, [["writes", `user:${staff.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  const id = await createNewsletter(ctx, staff.id, form.submission.value);
  return redirect(`/admin/newsletters/${id}`, 303);
}

export default function AdminNewsletters({ loaderData, actionData }: Route.ComponentProps) {
  const { newsletters, subscribers } = loaderData;
  const [form, fields] = useSchemaForm(NewNewsletterSchema, { answer: actionData });
  return (
    <section aria-labelledby="newsletters-heading" className="max-w-5xl space-y-6">
      <h1 id="newsletters-heading" className="font-serif text-3xl font-bold text-crust-900">
        Newsletter
      </h1>
      <p>
        {`“${NEWSLETTER.name}” goes to customers who asked for it at checkout or in their account: ${subscribers} ${subscribers === 1 ? "address" : "addresses"} now, not counting any that bounced or marked our email as spam. Each copy carries its own unsubscribe link.`}
      </p>
      {newsletters.length === 0 ? (
        <p>No newsletters yet.</p>
      ) : (
        <TableScroller label="Newsletters">
          <table className="w-full border-collapse text-sm">
            <thead>
              <tr className="border-b border-crust-300 text-left">
                <th scope="col" className="px-2 py-1.5">
                  Subject
                </th>
                <th scope="col" className="px-2 py-1.5">
                  State
                </th>
                <th scope="col" className="px-2 py-1.5 text-right">
                  Sent
                </th>
                <th scope="col" className="px-2 py-1.5 text-right">
                  Waiting
                </th>
                <th scope="col" className="px-2 py-1.5 text-right">
                  Not sent
                </th>
              </tr>
            </thead>
            <tbody>
              {newsletters.map((newsletter) => (
                <tr key={newsletter.id} className="border-b border-crust-100">
                  <th scope="row" className="px-2 py-1.5 text-left font-normal">
                    <Link to={`/admin/newsletters/${newsletter.id}`} className="font-semibold text-crust-800 underline">
                      {newsletter.subject}
                    </Link>
                  </th>
                  <td className="px-2 py-1.5">{NEWSLETTER_STATUS_LABELS[newsletter.status]}</td>
                  <td className="px-2 py-1.5 text-right tabular-nums">{newsletter.sent}</td>
                  <td className="px-2 py-1.5 text-right tabular-nums">{newsletter.queued}</td>
                  <td className="px-2 py-1.5 text-right tabular-nums">{newsletter.heldBack + newsletter.failed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroller>
      )}
      <SchemaForm
        form={form}
        aria-label="Write a newsletter"
        className="space-y-4 rounded-2xl border border-crust-200 bg-white p-4"
      >
        <h2 className="text-xl font-semibold text-crust-900">Write a newsletter</h2>
        <p className="text-sm text-stone-700">Saved as a draft: you see a preview before anything is sent.</p>
        <InputField field={fields.subject} label="Subject" hint="(the email's subject line)" />
        <TextareaField
          field={fields.body}
          label="Text"
          hint="(Markdown: ## for a heading, - for a list, **bold**, [words](link))"
          rows={12}
          className="font-mono text-sm"
        />
        <Button size="md">Save draft</Button>
      </SchemaForm>
    </section>
  );
}
