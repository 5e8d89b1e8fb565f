import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { SHOP_NAME } from "../lib/constants";
import { formatMoney } from "../lib/money";
import { getAccountProfile } from "../modules/auth/account.server";
import { sendVerificationEmail } from "../modules/auth/account-emails.server";
import { requireUser } from "../modules/auth/guards.server";
import { endAllSessions, endSession } from "../modules/auth/session.server";
import { readForm } from "../modules/forms/read-form.server";
import { claimGuestOrders, listAccountOrders } from "../modules/orders/account-orders.server";
import { ORDER_STATUS_LABELS } from "../modules/orders/describe";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import { checkRateLimit, tooManyAttemptsMessage } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/account";

export const meta: Route.MetaFunction = () => [
  { title: `Your account | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

const SAVED_MESSAGES: Record<string, string> = {
  details: "Your details are saved.",
  email: "We've sent a link to your new address. Your email changes when you use it.",
  password: "Your password is changed. Other devices have been signed out.",
  verification: "We've sent you a new confirmation link.",
  "two-factor-on": "Two-step sign-in is on.",
  "two-factor-off": "Two-step sign-in is off.",
};

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  await claimGuestOrders(ctx, user);
  const profile = await getAccountProfile(ctx, user.id);
  if (!profile) throw redirect("/login");
  return { profile, orders: await listAccountOrders(ctx, user.id) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  const intent = (await readForm(request)).get("intent");
  if (intent === "sign-out-everywhere") {
    await endAllSessions(ctx, user.id);
    const cookie = await endSession(ctx, request);
    return redirect("/login", { status: 303, headers: { "Set-Cookie": cookie } });
  }
  if (intent === "resend-verification") {
    const limit = await checkRateLimit(ctx, [["writes", `user:${user.id}`]]);
    if (!limit.allowed) {
      return data(
        { error: tooManyAttemptsMessage(limit.retryAfterSeconds) },
        { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
      );
    }
    const profile = await getAccountProfile(ctx, user.id);
    if (profile && !profile.verified) await sendVerificationEmail(ctx, profile, publicOrigin(ctx));
    return redirect("/account?saved=verification", 303);
  }
  throw data({ message: "Unknown action" }, { status: 400 });
}

const linkClass = "font-semibold text-crust-700 underline";

export default function Account({ loaderData, actionData }: Route.ComponentProps) {
  const { profile, orders } = loaderData;
  const [searchParams] = useSearchParams();
  const saved = SAVED_MESSAGES[searchParams.get("saved") ?? ""];
  return (
    <section aria-labelledby="account-heading" className="mx-auto max-w-3xl">
      <h1 id="account-heading" className="font-serif text-3xl font-bold text-crust-900">
        Your account
      </h1>
      {saved ? (
        <p role="status" className="mt-4 rounded-lg bg-green-50 p-3 text-green-900">
          {saved}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 font-semibold text-red-800">
          {actionData.error}
        </p>
      ) : null}
      <dl className="mt-6 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-2xl border border-crust-200 bg-white p-6">
        <dt className="font-semibold">Name</dt>
        <dd>{profile.name}</dd>
        <dt className="font-semibold">Email</dt>
        <dd>
          {profile.email}
          {profile.verified ? null : (
            <Form method="post" className="mt-1">
              <span className="text-stone-700">Not yet confirmed: check your inbox for our link. </span>
              <button type="submit" name="intent" value="resend-verification" className={linkClass}>
                Send a new link
              </button>
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
        {profile.role !== "customer" ? (
          <li>
            <Link to="/account/two-factor" className={linkClass}>
              Two-step sign-in: {profile.twoFactor ? "on" : "off"}
            </Link>
          </li>
        ) : null}
      </ul>
      <Form method="post" className="mt-4">
        <button
          type="submit"
          name="intent"
          value="sign-out-everywhere"
          className="rounded-full border border-crust-700 px-4 py-2 text-sm font-semibold text-crust-800"
        >
          Sign out on every device
        </button>
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
