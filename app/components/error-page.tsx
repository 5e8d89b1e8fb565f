import { Link } from "react-router";
import { SHOP_NAME } from "../lib/constants";
import { buttonClass } from "./forms/button";

export function ErrorPage({ status, title, message }: { status: number; title: string; message: string }) {
  return (
    <section className="mx-auto max-w-xl py-16 text-center" aria-labelledby="error-title">
      <title>{`${title} | ${SHOP_NAME}`}</title>
      <meta name="robots" content="noindex" />
      <p className="font-serif text-6xl font-bold text-crust-700">{status}</p>
      <h1 id="error-title" className="mt-4 font-serif text-3xl font-bold text-crust-900">
        {title}
      </h1>
      <p className="mt-4 text-stone-700">{message}</p>
      <div className="mt-8 flex justify-center gap-4">
        <Link to="/" className={buttonClass({ size: "md" })}>
          Home
        </Link>
        <Link
          to="/shop"
          className="rounded-full border border-crust-700 px-5 py-2.5 font-semibold text-crust-800 hover:bg-crust-100"
        >
          Browse the shop
        </Link>
      </div>
    </section>
  );
}
