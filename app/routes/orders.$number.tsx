import { data } from "react-router";
import { OrderSummary } from "../components/order-summary";
import { SHOP_NAME } from "../lib/constants";
import { findOrder, tokensMatch } from "../modules/orders/order-queries.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/orders.$number";

export async function loader({ params, request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const order = await findOrder(ctx, { number: params.number });
  // The same 404 whether the order is missing or the token is wrong: nothing to probe.
  if (!order || !(await tokensMatch(order.accessToken, token))) {
    throw data({ message: "We couldn't find that order. Check the link in your confirmation email." }, { status: 404 });
  }
  return { order, receiptQuery: `?token=${encodeURIComponent(token)}` };
}

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Order ${loaderData?.order.number ?? ""} | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export default function OrderPage({ loaderData }: Route.ComponentProps) {
  const { order } = loaderData;
  return (
    <section aria-labelledby="order-heading" className="mx-auto max-w-2xl">
      <h1 id="order-heading" className="font-serif text-3xl font-bold text-crust-900">
        {`Order ${order.number}`}
      </h1>
      <div className="mt-6">
        <OrderSummary order={order} receiptQuery={loaderData.receiptQuery} />
      </div>
    </section>
  );
}
