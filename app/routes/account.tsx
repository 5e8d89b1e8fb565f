import { data, Form, Link, redirect } from "react-router";
import { SHOP_NAME } from "../lib/constants";
import { formatMoney } from "../lib/money";
import { requireUser } from "../modules/auth/guards.server";
import { endAllSessions, endSession } from "../modules/auth/session.server";
import { claimGuestOrders, listAccountOrders } from "../modules/orders/account-orders.server";
import { ORDER_STATUS_LABELS } from "../modules/orders/describe";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/account";

export const meta: Route.MetaFunction = () => [
  { title: `Your account | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  await claimGuestOrders(ctx, user);
  const verified = await ctx.db.$client
    .prepare("SELECT email_verified_at FROM users WHERE id = ?")
    .bind(user.id)
    .first<string | null>("email_verified_at");
  return {
    user: { name: user.name, email: user.email, verified: Boolean(verified) },
    orders: await listAccountOrders(ctx, user.id),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  const intent = (await request.formData()).get("intent");
  if (intent !== "sign-out-everywhere") throw data({ message: "Unknown action" }, { status: 400 });
  await endAllSessions(ctx, user.id);
  const cookie = await endSession(ctx, request);
  return redirect("/login", { status: 303, headers: { "Set-Cookie": cookie } });
}

export default function Account({ loaderData }: Route.ComponentProps) {
  const { user, orders } = loaderData;
  return (
    <section aria-labelledby="account-heading" className="mx-auto max-w-3xl">
      <h1 id="account-heading" className="font-serif text-3xl font-bold text-crust-900">
        Your account
      </h1>
      <dl className="mt-6 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-2xl border border-crust-200 bg-white p-6">
        <dt className="font-semibold">Name</dt>
        <dd>{user.name}</dd>
        <dt className="font-semibold">Email</dt>
        <dd>{user.verified ? user.email : `${user.email} (not yet confirmed: check your inbox for our link)`}</dd>
      </dl>
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
          <Link to="/shop" className="font-semibold text-crust-700 underline">
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
