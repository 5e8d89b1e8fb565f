import { useEffect } from "react";
import {
  data,
  isRouteErrorResponse,
  Links,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from "react-router";
import type { Route } from "./+types/root";
import stylesheet from "./app.css?inline";
import { ErrorPage } from "./components/error-page";
import { FlashNotice } from "./components/flash-notice";
import { useNonce } from "./components/nonce";
import { PageMeta } from "./components/page-meta";
import { SiteFooter } from "./components/site-footer";
import { SiteHeader } from "./components/site-header";
import { useFocusOnNavigation } from "./components/use-focus-on-navigation";
import { getSessionUser } from "./modules/auth/session.server";
import { countBasketItems } from "./modules/cart/basket.server";
import { readBasketId } from "./modules/cart/basket-cookie.server";
import { shopOpeningHours } from "./modules/checkout/calendar.server";
import { takeNotice } from "./modules/notices/flash.server";
import { getRequestContext, publicOrigin } from "./modules/platform/request-context.server";
import { loadBakeryDetails } from "./modules/settings/bakery-details.server";

/** Notes the matched route pattern (never the URL: no ids or tokens) for the request log and metrics. */
export const middleware: Route.MiddlewareFunction[] = [
  ({ context, pattern }, next) => {
    // React Router gives "products/:slug" (and "" for the home page): say it as a path.
    getRequestContext(context).timing.route = `/${pattern.replace(/^\//, "")}`;
    return next();
  },
];

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  // Only visitors with a basket cookie cost a query; everyone else shares cached pages.
  const [basketCount, user, { notice, spend }, openingHours, bakery] = await Promise.all([
    countBasketItems(ctx, await readBasketId(ctx.env, request)),
    getSessionUser(ctx, request),
    takeNotice(ctx, request),
    shopOpeningHours(ctx),
    loadBakeryDetails(ctx),
  ]);
  return data(
    {
      origin: publicOrigin(ctx),
      basketCount,
      testMode: ctx.env.paymentsTestMode,
      user: user ? { name: user.name, staff: user.role !== "customer" } : null,
      notice,
      openingHours,
      bakery,
    },
    { headers: spend },
  );
}

export const links: Route.LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "manifest", href: "/site.webmanifest" },
];

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  // Scripts load after the page (decision 018): this marks when it has become interactive, for
  // anything that must wait for that (the JavaScript-on end-to-end tests do).
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  // Absent on error pages rendered before the root loader ran.
  const rootData = useRouteLoaderData<typeof loader>("root");
  const basketCount = rootData?.basketCount ?? 0;
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#7a4a1f" />
        <PageMeta />
        {/* The whole stylesheet (about 7 kB compressed) is inlined: a phone paints as soon as the
            HTML arrives, without a second round trip first (decision 018). CSP allows it by its
            hash. It is a React style resource, so hydration finds the server's copy by its href and
            leaves it alone: the browser bundle carries none of it. */}
        <style href="app-css" precedence="default">
          {import.meta.env.SSR ? stylesheet : ""}
        </style>
        {/* In development, React Router's critical-CSS link keeps its nonce attribute visible in the
            DOM, so an empty one avoids a hydration mismatch. */}
        <Links nonce={import.meta.env.DEV ? "" : nonce} />
      </head>
      <body className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-10 focus:rounded focus:bg-white focus:px-4 focus:py-2"
        >
          Skip to content
        </a>
        {rootData?.testMode ? (
          <p className="bg-amber-200 px-4 py-1.5 text-center text-sm font-semibold text-amber-950 print:hidden">
            Test mode: payments are simulated and no money moves. Pay with card 4242 4242 4242 4242.
          </p>
        ) : null}
        <SiteHeader basketCount={basketCount} user={rootData?.user ?? null} />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 print:max-w-none print:p-0">
          <FlashNotice notice={rootData?.notice ?? null} />
          {children}
        </main>
        <SiteFooter openingHours={rootData?.openingHours ?? null} bakery={rootData?.bakery ?? null} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useFocusOnNavigation();
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      return (
        <ErrorPage
          status={404}
          title="We couldn't find that page"
          message="It may have sold out for good, or the link may be mistyped."
        />
      );
    }
    return (
      <ErrorPage
        status={error.status}
        title={error.statusText || "Something went wrong"}
        message={messageOf(error.data)}
      />
    );
  }
  return (
    <ErrorPage
      status={500}
      title="Something went wrong on our side"
      message="Sorry about that. Please try again in a moment; if it keeps happening, let us know."
    />
  );
}

function messageOf(data: unknown): string {
  if (typeof data === "string" && data) return data;
  if (data && typeof data === "object" && "message" in data && typeof data.message === "string") return data.message;
  return "Please try again, or head back to the shop.";
}
