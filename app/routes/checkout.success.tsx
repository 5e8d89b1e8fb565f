import { useEffect } from "react";
import { data, Link, useRevalidator } from "react-router";
import { OrderSummary } from "../components/order-summary";
import { SHOP_NAME } from "../lib/constants";
import { findOrder } from "../modules/orders/order-queries.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/checkout.success";

const REFRESH_SECONDS = 3;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const sessionId = new URL(request.url).searchParams.get("session_id") ?? "";
  const order = /^cs_[A-Za-z0-9_]{10,200}$/.test(sessionId)
    ? await findOrder(ctx, { stripeSessionId: sessionId })
    : null;
  if (!order) throw data({ message: "We couldn't find that checkout." }, { status: 404 });
  // Only a card payment is seconds away; a bank payment can take days, so the page says so instead.
  return { order, waiting: order.status === "pending" };
}

export const meta: Route.MetaFunction = ({ loaderData }) => {
  const tags = [{ title: `Thank you | ${SHOP_NAME}` }, { name: "robots", content: "noindex" }];
  // Without JavaScript the page refreshes itself until Stripe's confirmation has arrived.
  if (loaderData?.waiting) return [...tags, { httpEquiv: "refresh", content: String(REFRESH_SECONDS) }];
  return tags;
};

export default function CheckoutSuccess({ loaderData }: Route.ComponentProps) {
  const { order, waiting } = loaderData;
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") void revalidator.revalidate();
    }, REFRESH_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [waiting, revalidator]);

  return (
    <section aria-labelledby="success-heading" className="mx-auto max-w-2xl">
      <h1 id="success-heading" className="font-serif text-3xl font-bold text-crust-900">
        {waiting
          ? "Confirming your payment…"
          : order.status === "paid"
            ? "Thank you for your order"
            : order.status === "awaiting_payment"
              ? "Thank you: your order is waiting for your bank payment"
              : "Your order"}
      </h1>
      <p className="mt-2 text-stone-700" role="status">
        {waiting
          ? "This usually takes a few seconds. This page updates by itself."
          : order.status === "paid"
            ? `We've emailed a confirmation to ${order.email}.`
            : order.status === "awaiting_payment"
              ? `Your bakes are reserved. Bank payments can take a few days; we'll email ${order.email} when it arrives.`
              : "This order has not been paid."}
      </p>
      <div className="mt-6">
        <OrderSummary order={order} receiptQuery={`?token=${order.accessToken}`} />
      </div>
      <p className="mt-6">
        <Link
          to={`/orders/${order.number}?token=${order.accessToken}`}
          className="font-semibold text-crust-700 underline"
        >
          Your order page
        </Link>{" "}
        (bookmark it: it is the way back to this order without an account).
      </p>
    </section>
  );
}
