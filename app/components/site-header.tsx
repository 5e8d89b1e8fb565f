import { Form, Link, NavLink, useFetchers } from "react-router";
import { SHOP_NAME } from "../lib/constants";
import { Button } from "./forms/button";

export function SiteHeader({
  basketCount,
  user,
}: {
  basketCount: number;
  user: { name: string; staff?: boolean } | null;
}) {
  // While an "add" is on its way, count it already (optimistic; the revalidation corrects it).
  const pendingAdds = useFetchers()
    .filter((f) => f.formAction === "/basket" && f.formData?.get("intent") === "add")
    .reduce((n, f) => n + Number(f.formData?.get("quantity") ?? 0), 0);
  const count = basketCount + pendingAdds;
  return (
    <header className="border-b border-crust-200 bg-white print:hidden">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-4">
        <Link to="/" className="flex items-center gap-2 font-serif text-2xl font-bold text-crust-800">
          <img src="/favicon.svg" alt="" width={32} height={32} />
          {SHOP_NAME}
        </Link>
        <nav aria-label="Main" className="flex gap-4 font-medium">
          <NavLink
            to="/shop"
            className={({ isActive }) =>
              isActive ? "text-crust-800 underline underline-offset-4" : "text-stone-700 hover:text-crust-800"
            }
          >
            Shop
          </NavLink>
          <NavLink
            to="/basket"
            className={({ isActive }) =>
              isActive ? "text-crust-800 underline underline-offset-4" : "text-stone-700 hover:text-crust-800"
            }
          >
            Basket
            {/* Not a live region: adding to the basket is announced once, by the form that did it. */}
            <span className="ml-1 rounded-full bg-crust-700 px-2 py-0.5 text-xs font-bold text-white">
              {count}
              <span className="sr-only"> {count === 1 ? "item" : "items"}</span>
            </span>
          </NavLink>
        </nav>
        <div className="flex items-center gap-3 text-sm font-medium">
          {user ? (
            <>
              <Link to="/account" className="text-stone-700 hover:text-crust-800">{`Signed in as ${user.name}`}</Link>
              {user.staff ? (
                <Link to="/admin" className="text-crust-800 underline underline-offset-4">
                  Admin
                </Link>
              ) : null}
              <Form method="post" action="/logout">
                <Button variant="link" className="text-crust-800 underline-offset-4">
                  Sign out
                </Button>
              </Form>
            </>
          ) : (
            <Link to="/login" className="text-crust-800 underline underline-offset-4">
              Sign in
            </Link>
          )}
        </div>
        <Form method="get" action="/shop" role="search" className="ml-auto flex w-full gap-2 sm:w-auto">
          <label htmlFor="site-search" className="sr-only">
            Search bread and cakes
          </label>
          <input
            id="site-search"
            type="search"
            name="q"
            placeholder="Search bread and cakes"
            className="w-full rounded-full border border-stone-300 px-4 py-2 sm:w-64"
          />
          <Button size="md">Search</Button>
        </Form>
      </div>
    </header>
  );
}
