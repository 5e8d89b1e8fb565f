import { AccountPage } from "../components/account-page";
import { Button } from "../components/forms/button";
import { CheckboxField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { NEWSLETTER, SHOP_NAME } from "../lib/constants";
import { fullDate } from "../lib/shop-dates";
import { requireAccountProfile } from "../modules/auth/guards.server";
import { shopLocalDateTime } from "../modules/checkout/slots";
import { readSubmission } from "../modules/forms/submission.server";
import { AccountNewsletterSchema } from "../modules/newsletter/newsletter-forms";
import { setAccountSubscription, subscriptionOf } from "../modules/newsletter/subscribers.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/account.newsletter";

export const meta: Route.MetaFunction = () => [
  { title: `Newsletter | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const profile = await requireAccountProfile(ctx, request);
  const subscription = await subscriptionOf(ctx, profile.email);
  const subscribed = subscription?.subscribed ?? false;
  const since = subscription ? fullDate(shopLocalDateTime(new Date(subscription.consentedAt)).slice(0, 10)) : null;
  return { email: profile.email, subscribed, since };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const profile = await requireAccountProfile(ctx, request);
  const form = await readSubmission(request, AccountNewsletterSchema);
  if (form.submission.status !== "success") return form.reply();
  const subscribe = form.submission.value.subscribe === "on";
  // Only an address the account has proved it owns can be signed up: otherwise anyone could make
  // an account in a stranger's name and have the shop write to them every week.
  if (subscribe && !profile.verified) {
    return form.fieldError("subscribe", "Confirm your email address first: we've sent you a link", 409);
  }
  const limit = await checkRateLimit(ctx, [["writes", `user:${profile.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  await setAccountSubscription(ctx, { id: profile.id, email: profile.email }, subscribe);
  return redirectWithNotice(
    ctx,
    "/account",
    subscribe ? `You'll get “${NEWSLETTER.name}” at ${profile.email}.` : `You won't get “${NEWSLETTER.name}” any more.`,
  );
}

export default function AccountNewsletter({ loaderData, actionData }: Route.ComponentProps) {
  const { email, subscribed, since } = loaderData;
  const [form, fields] = useSchemaForm(AccountNewsletterSchema, {
    answer: actionData,
    defaultValue: { subscribe: subscribed ? "on" : undefined },
  });
  return (
    <AccountPage title="Newsletter">
      <p className="mt-2 text-stone-700">
        {subscribed
          ? `You get “${NEWSLETTER.name}” at ${email}, since ${since}.`
          : `You don't get “${NEWSLETTER.name}”.`}
      </p>
      <SchemaForm form={form} className="mt-6 space-y-4">
        <CheckboxField field={fields.subscribe} label={NEWSLETTER.consent.wording} />
        <Button>Save</Button>
      </SchemaForm>
      <p className="mt-6 text-sm text-stone-700">
        Every newsletter has a link to stop it too. Order emails (receipts, when it's ready) come whatever you choose
        here.
      </p>
    </AccountPage>
  );
}
