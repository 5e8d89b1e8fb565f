import { data, Link } from "react-router";
import { OrderSummary } from "../components/order-summary";
import { SHOP_NAME } from "../lib/constants";
import { requireUser } from "../modules/auth/guards.server";
import { findAccountOrder } from "../modules/orders/account-orders.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/account.orders.$number";

export async function loader({ params, request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const user = await requireUser(ctx, request);
  const order = await findAccountOrder(ctx, user.id, params.number);
  // Someone else's order and a missing one look the same.
  if (!order) throw data({ message: "We couldn't find that order in your account." }, { status: 404 });
  return { order };
}

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Order ${loaderData?.order.number ?? ""} | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

export default function AccountOrder({ loaderData }: Route.ComponentProps) {
  return (
    <section aria-labelledby="order-heading" className="mx-auto max-w-2xl">
      <Link to="/account" className="text-sm font-semibold text-crust-700 underline">
        Your account
      </Link>
      <h1 id="order-heading" className="mt-2 font-serif text-3xl font-bold text-crust-900">
        {`Order ${loaderData.order.number}`}
      </h1>
      <div className="mt-6">
        <OrderSummary order={loaderData.order} />
      </div>
    </section>
  );
}
