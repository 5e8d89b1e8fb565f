import { Form, Link, redirect } from "react-router";
import { Button } from "../components/forms/button";
import { FormErrors } from "../components/forms/fields";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { SHOP_NAME } from "../lib/constants";
import { intentSchema } from "../lib/form-answer";
import { formatMoney } from "../lib/money";
import { getAccountProfile } from "../modules/auth/account.server";
import { sendVerificationEmail } from "../modules/auth/account-emails.server";
import { requireUser } from "../modules/auth/guards.server";
import { endAllSessions, endSession } from "../modules/auth/session.server";
import { readSubmission } from "../modules/forms/submission.server";
import { subscriptionOf } from "../modules/newsletter/subscribers.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { loadAccountPage } from "../modules/orders/account-orders.server";
import { ORDER_STATUS_LABELS } from "../modules/orders/describe";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/account";

export const meta: Route.MetaFunction = () => [
  { title: `Your account | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  const { profile, orders } = await loadAccountPage(ctx, user);
  if (!profile) throw redirect("/login");
  const subscription = await subscriptionOf(ctx, profile.email);
  return { profile: { ...profile, newsletter: subscription?.subscribed ?? false }, orders };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  const form = await readSubmission(request, AccountActionSchema);
  if (form.submission.status !== "success") return form.reply();
  const { intent } = form.submission.value;
  if (intent === "sign-out-everywhere") {
    await endAllSessions(ctx, user.id);
    const cookie = await endSession(ctx, request);
    return redirect("/login", { status: 303, headers: { "Set-Cookie": cookie } });
  }
  const limit = await checkRateLimit(ctx, [["writes", `user:${user.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  const profile = await getAccountProfile(ctx, user.id);
  if (profile && !profile.verified) await sendVerificationEmail(ctx, profile, publicOrigin(ctx));
  return redirectWithNotice(ctx, "/account", "We've sent you a new confirmation link.");
}

const AccountActionSchema = intentSchema(["sign-out-everywhere", "resend-verification"]);

const linkClass = "font-semibold text-crust-700 underline";

export default function Account({ loaderData, actionData }: Route.ComponentProps) {
  const { profile, orders } = loaderData;
  const [form] = useSchemaForm(AccountActionSchema, { answer: actionData });
  return (
    <section aria-labelledby="account-heading" className="mx-auto max-w-3xl">
      <h1 id="account-heading" className="font-serif text-3xl font-bold text-crust-900">
        Your account
      </h1>
      <div className="mt-4 empty:hidden">
        <FormErrors id={form.errorId} errors={form.errors} />
      </div>
      <dl className="mt-6 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-2xl border border-crust-200 bg-white p-6">
        <dt className="font-semibold">Name</dt>
        <dd>{profile.name}</dd>
        <dt className="font-semibold">Email</dt>
        <dd>
          {profile.email}
          {profile.verified ? null : (
            <Form method="post" className="mt-1">
              <span className="text-stone-700">Not yet confirmed: check your inbox for our link. </span>
              <Button variant="link" name="intent" value="resend-verification">
                Send a new link
              </Button>
            </Form>
          )}
          {profile.pendingEmail ? (
            <span className="block text-stone-700">Changing to {profile.pendingEmail}: waiting for confirmation.</span>
          ) : null}
        </dd>
        <dt className="font-semibold">Phone</dt>
        <dd>{profile.phone || "—"}</dd>
        <dt className="font-semibold">Delivery address</dt>
        <dd className="whitespace-pre-line">
          {profile.address ? `${profile.address}\n${profile.postcode}` : "None saved"}
        </dd>
      </dl>
      <ul className="mt-4 flex flex-wrap gap-x-6 gap-y-2">
        <li>
          <Link to="/account/details" className={linkClass}>
            Edit your details
          </Link>
        </li>
        <li>
          <Link to="/account/email" className={linkClass}>
            Change email
          </Link>
        </li>
        <li>
          <Link to="/account/password" className={linkClass}>
            {profile.hasPassword ? "Change password" : "Set a password"}
          </Link>
        </li>
        <li>
          <Link to="/account/newsletter" className={linkClass}>
            {`Newsletter: ${profile.newsletter ? "on" : "off"}`}
          </Link>
        </li>
        <li>
          <Link to="/account/data" className={linkClass}>
            Your data: download or delete
          </Link>
        </li>
        {profile.role !== "customer" ? (
          <li>
            <Link to="/account/two-factor" className={linkClass}>
              Two-step sign-in: {profile.twoFactor ? "on" : "off"}
            </Link>
          </li>
        ) : null}
      </ul>
      <Form method="post" className="mt-4">
        <Button variant="secondary" size="md" className="text-sm" name="intent" value="sign-out-everywhere">
          Sign out on every device
        </Button>
      </Form>
      <h2 className="mt-10 font-serif text-2xl font-bold text-crust-900">Your orders</h2>
      {orders.length === 0 ? (
        <p className="mt-4 text-stone-700">
          No orders yet.{" "}
          <Link to="/shop" className={linkClass}>
            Browse the shop
          </Link>
        </p>
      ) : (
        <ul className="mt-4 divide-y divide-crust-200 rounded-2xl border border-crust-200 bg-white">
          {orders.map((order) => (
            <li key={order.number} className="flex flex-wrap items-center justify-between gap-2 p-4">
              <Link to={`/account/orders/${order.number}`} className="font-semibold text-crust-800 underline">
                {order.number}
              </Link>
              <span>{ORDER_STATUS_LABELS[order.status] ?? order.status}</span>
              <span>{new Date(order.createdAt).toLocaleDateString("en-GB", { timeZone: "Europe/London" })}</span>
              <span className="font-bold">{formatMoney(order.totalPence, order.currency)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
