import { data, Form, redirect } from "react-router";
import { Button } from "../components/forms/button";
import { SHOP_NAME } from "../lib/constants";
import { isMailingList } from "../modules/email/unsubscribe-links.server";
import { leaveList, maskedAddress, memberForLink } from "../modules/newsletter/mailing-lists.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/unsubscribe";

/**
 * /unsubscribe/:list/:id/:token (decision 031). Opening the link only asks (mail scanners open
 * links, and must not unsubscribe anyone); the button on the page, or a mail app's one-click POST
 * (RFC 8058: `List-Unsubscribe=One-Click`, no cookies), does it. The token is an HMAC over the
 * list, the row and its address; any other link is the same 404.
 */
export const meta: Route.MetaFunction = () => [
  { title: `Unsubscribe | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

const NOT_VALID = "This unsubscribe link isn't valid. If you copied it from an email, check it is complete.";

async function memberOf(context: Route.LoaderArgs["context"], params: Route.LoaderArgs["params"]) {
  const ctx = getRequestContext(context);
  const id = /^\d{1,12}$/.test(params.id) ? Number(params.id) : 0;
  const list = params.list;
  if (!isMailingList(list) || !id || !/^[0-9a-f]{32}$/.test(params.token)) return null;
  const member = await memberForLink(ctx, list, id, params.token);
  return member ? { ctx, list, id, member } : null;
}

export async function loader({ params, context }: Route.LoaderArgs) {
  const found = await memberOf(context, params);
  if (!found) throw data({ message: NOT_VALID }, { status: 404 });
  const { member } = found;
  return { what: member.what, address: maskedAddress(member.address), active: member.active };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const found = await memberOf(context, params);
  if (!found) throw data({ message: NOT_VALID }, { status: 404 });
  const form = await request.formData();
  // A mail app's one-click unsubscribe: answered without a page, as RFC 8058 expects.
  const oneClick = form.get("List-Unsubscribe") === "One-Click";
  await leaveList(found.ctx, found.list, found.id, oneClick ? "one-click" : "link");
  if (oneClick) return new Response("Unsubscribed.", { status: 200, headers: { "Content-Type": "text/plain" } });
  // Back to the same link, which now says it is done (built from the route's own parts: with
  // JavaScript on, the request's URL is React Router's data URL).
  return redirect(`/unsubscribe/${found.list}/${found.id}/${params.token}`, 303);
}

export default function Unsubscribe({ loaderData }: Route.ComponentProps) {
  const { what, address, active } = loaderData;
  return (
    <section aria-labelledby="unsubscribe-heading" className="mx-auto max-w-md">
      <h1 id="unsubscribe-heading" className="font-serif text-3xl font-bold text-crust-900">
        {active ? "Unsubscribe" : "You're unsubscribed"}
      </h1>
      {active ? (
        <>
          <p className="mt-4">{`Stop sending ${what} to ${address}?`}</p>
          <Form method="post" className="mt-6">
            <Button name="intent" value="unsubscribe">
              Unsubscribe
            </Button>
          </Form>
          <p className="mt-6 text-sm text-stone-700">Emails about your orders keep coming either way.</p>
        </>
      ) : (
        <p role="status" className="mt-4">
          {`We won't send ${what} to ${address} any more. Emails about your orders keep coming.`}
        </p>
      )}
    </section>
  );
}
