import { data } from "react-router";
import { SHOP_NAME } from "../lib/constants";
import { listOutboxWithCopies, localOutboxEnabled } from "../modules/email/outbox.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import type { Route } from "./+types/outbox";

export async function loader({ context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  if (!localOutboxEnabled(ctx)) throw data({ message: "Not found" }, { status: 404 });
  return { emails: await listOutboxWithCopies(ctx, publicOrigin(ctx)) };
}

export const meta: Route.MetaFunction = () => [
  { title: `Local outbox | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

export default function Outbox({ loaderData }: Route.ComponentProps) {
  return (
    <section aria-labelledby="outbox-heading">
      <h1 id="outbox-heading" className="font-serif text-3xl font-bold text-crust-900">
        Local outbox
      </h1>
      <p className="mt-2 text-stone-700">
        Emails the shop sent through the Resend stand-in (no RESEND_API_KEY is set). Newest first.
      </p>
      {loaderData.emails.length === 0 ? <p className="mt-6">No emails yet.</p> : null}
      <ul className="mt-6 space-y-4">
        {loaderData.emails.map((email) => (
          <li key={email.id} className="rounded-2xl border border-crust-200 bg-white p-4">
            <h2 className="font-semibold">{email.subject}</h2>
            <p className="text-sm text-stone-700">{`To ${email.recipient} · ${email.status} · ${email.attempts} attempt(s) · ${email.createdAt}`}</p>
            {email.text ? <pre className="mt-3 whitespace-pre-wrap text-sm">{email.text}</pre> : null}
            <a
              href={`/outbox/${email.id}`}
              className="mt-2 inline-block text-sm font-semibold text-crust-700 underline"
            >
              View as HTML
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
