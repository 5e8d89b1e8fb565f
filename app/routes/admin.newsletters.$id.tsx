import { getInputProps } from "@conform-to/react";
import { data, Link } from "react-router";
import { Button } from "../components/forms/button";
import { CheckboxField, FormErrors, InputField, TextareaField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { NEWSLETTER } from "../lib/constants";
import { requireRole, STAFF_ROLES } from "../modules/auth/guards.server";
import { readIntentSubmission } from "../modules/forms/submission.server";
import {
  NEWSLETTER_STATUS_LABELS,
  SaveNewsletterSchema,
  SendNewsletterSchema,
} from "../modules/newsletter/newsletter-forms";
import { audienceSize, loadNewsletter, saveNewsletter, startSending } from "../modules/newsletter/newsletters.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.newsletters.$id";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.newsletter.subject ?? "Newsletter"} | Admin` },
];
export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

const SAVE_FORM = "newsletter";
const SEND_FORM = "send";

function newsletterId(params: { id: string }): number {
  const id = /^\d{1,9}$/.test(params.id) ? Number(params.id) : 0;
  if (!id) throw data({ message: "No newsletter with that number." }, { status: 404 });
  return id;
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, STAFF_ROLES);
  const newsletter = await loadNewsletter(ctx, newsletterId(params));
  if (!newsletter) throw data({ message: "No newsletter with that number." }, { status: 404 });
  return { newsletter, subscribers: newsletter.status === "draft" ? await audienceSize(ctx) : newsletter.recipients };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const staff = await requireRole(ctx, request, STAFF_ROLES);
  const id = newsletterId(params);
  const form = await readIntentSubmission(
    request,
    { save: SaveNewsletterSchema, send: SendNewsletterSchema },
    {
      maxBytes: NEWSLETTER.bodyMaxLength * 4,
      formId: (body) => (body.get("intent") === "send" ? SEND_FORM : SAVE_FORM),
    },
  );
  if (form.submission.status !== "success") return form.reply();
  const limit = await checkRateLimit(ctx, [["writes", `user:${staff.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  const here = `/admin/newsletters/${id}`;
  if (form.intent === "save") {
    const saved = await saveNewsletter(ctx, id, form.submission.value as typeof SaveNewsletterSchema._output);
    if (saved.ok) return redirectWithNotice(ctx, here, "Draft saved. Check the preview below.");
    return form.formError(
      saved.reason === "stale"
        ? "Someone else saved this newsletter while you were editing. Reload the page to see their version, then make your changes again."
        : "This newsletter has been sent, so it can no longer be changed.",
      409,
    );
  }
  const { version } = form.submission.value as typeof SendNewsletterSchema._output;
  const started = await startSending(ctx, staff.id, id, version);
  if (started.ok) {
    return redirectWithNotice(
      ctx,
      here,
      `Sending to ${started.recipients} ${started.recipients === 1 ? "subscriber" : "subscribers"}. This page shows how far it has got.`,
    );
  }
  const why = {
    nobody: "Nobody is subscribed yet, so there is no one to send it to.",
    stale: "The newsletter changed after this page was opened. Check the new preview, then send again.",
    "not-draft": "This newsletter is already being sent.",
  } as const;
  return form.formError(why[started.reason], 409);
}

export default function AdminNewsletter({ loaderData, actionData }: Route.ComponentProps) {
  const { newsletter, subscribers } = loaderData;
  const draft = newsletter.status === "draft";
  const [form, fields] = useSchemaForm(SaveNewsletterSchema, {
    id: SAVE_FORM,
    answer: actionData,
    defaultValue: { subject: newsletter.subject, body: newsletter.body, version: String(newsletter.version) },
  });
  const [send, sendFields] = useSchemaForm(SendNewsletterSchema, { id: SEND_FORM, answer: actionData });
  const { key: versionKey, ...versionProps } = getInputProps(fields.version, { type: "hidden" });
  return (
    <section aria-labelledby="newsletter-heading" className="max-w-5xl space-y-6">
      <div>
        <Link to="/admin/newsletters" className="text-sm font-semibold text-crust-700 underline">
          All newsletters
        </Link>
        <h1 id="newsletter-heading" className="mt-2 font-serif text-3xl font-bold text-crust-900">
          {newsletter.subject}
        </h1>
        <p className="mt-1">{NEWSLETTER_STATUS_LABELS[newsletter.status]}</p>
      </div>
      {draft ? null : (
        <dl aria-label="Progress" className="grid max-w-md grid-cols-[1fr_auto] gap-x-6 gap-y-1">
          <dt>Addressed to</dt>
          <dd className="text-right tabular-nums">{newsletter.recipients}</dd>
          <dt>Sent</dt>
          <dd className="text-right tabular-nums">{newsletter.sent}</dd>
          <dt>Waiting to go</dt>
          <dd className="text-right tabular-nums">{newsletter.queued}</dd>
          <dt>Not sent: unsubscribed, bounced or complained since</dt>
          <dd className="text-right tabular-nums">{newsletter.heldBack}</dd>
          <dt>Failed after every retry</dt>
          <dd className="text-right tabular-nums">{newsletter.failed}</dd>
        </dl>
      )}
      {draft ? (
        <SchemaForm
          form={form}
          aria-label="Edit the newsletter"
          className="space-y-4 rounded-2xl border border-crust-200 bg-white p-4"
        >
          <input key={versionKey} {...versionProps} />
          <InputField field={fields.subject} label="Subject" hint="(the email's subject line)" />
          <TextareaField
            field={fields.body}
            label="Text"
            hint="(Markdown: ## for a heading, - for a list, **bold**, [words](link))"
            rows={14}
            className="font-mono text-sm"
          />
          <Button size="md" name="intent" value="save">
            Save draft
          </Button>
        </SchemaForm>
      ) : null}
      <div>
        <h2 className="text-xl font-semibold text-crust-900">Preview</h2>
        <p className="text-sm text-stone-700">
          As subscribers get it{draft ? " (the last saved draft)" : ""}. Each copy's unsubscribe link is its own.
        </p>
        {/* Not sandboxed: the preview's own policy already forbids every script and outside load
            (its route), and a sandboxed frame could not be checked for accessibility. */}
        <iframe
          title="Preview of the email"
          src={`/admin/newsletters/${newsletter.id}/preview?v=${newsletter.version}`}
          className="mt-2 h-[32rem] w-full rounded-2xl border border-crust-200 bg-white"
        />
      </div>
      {draft ? (
        <SchemaForm
          form={send}
          aria-label="Send the newsletter"
          className="space-y-4 rounded-2xl border border-crust-300 bg-crust-50 p-4"
        >
          <h2 className="text-xl font-semibold text-crust-900">Send</h2>
          <FormErrors id={send.errorId} errors={send.errors} />
          <input type="hidden" name="version" value={newsletter.version} />
          <CheckboxField
            field={sendFields.confirm}
            label={`I've checked the preview: send it to ${subscribers} ${subscribers === 1 ? "subscriber" : "subscribers"} now`}
          />
          <Button size="md" name="intent" value="send">
            Send newsletter
          </Button>
        </SchemaForm>
      ) : null}
    </section>
  );
}
