import { renderToReadableStream } from "react-dom/server";
import type { EntryContext, HandleErrorFunction, RouterContextProvider } from "react-router";
import { ServerRouter } from "react-router";
import { NonceProvider } from "./components/nonce";
import { reportError } from "./modules/observability/error-reports.server";
import { errorFields } from "./modules/observability/logger.server";
import { hydrateAfterLoad } from "./modules/platform/hydrate-after-load.server";
import { getRequestContext } from "./modules/platform/request-context.server";

export const streamTimeout = 5_000;

/**
 * A loader or action threw something other than a Response (React Router renders the error page
 * either way): logged, and reported once with the request id and route pattern (decision 023).
 * A shopper who closed the tab mid-request aborts it; that is not an error of ours.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  const { logger, requestId, timing } = getRequestContext(context as RouterContextProvider);
  logger.error("route error", { ...errorFields(error), route: timing.route });
  reportError(error, { request_id: requestId, route: timing.route });
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: RouterContextProvider,
) {
  const { nonce, logger } = getRequestContext(loadContext);
  let statusCode = responseStatusCode;
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), streamTimeout + 1_000);

  const body = await renderToReadableStream(
    <NonceProvider value={nonce}>
      <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
    {
      nonce,
      signal: controller.signal,
      onError(error: unknown) {
        statusCode = 500;
        // Errors while the shell is streaming are logged here; route errors reach the ErrorBoundary.
        if (!controller.signal.aborted) logger.error("render error", { error: String(error) });
      },
    },
  );
  // Every page is rendered whole before the first byte: the catalogue loads its data up front,
  // so streaming would gain nothing, and crawlers and no-JS shoppers get one complete document.
  await body.allReady;
  clearTimeout(timeout);

  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // Vite's development server loads modules its own way; built pages load theirs after the page.
  const html = await new Response(body).text();
  return new Response(import.meta.env.DEV ? html : hydrateAfterLoad(html), {
    headers: responseHeaders,
    status: statusCode,
  });
}
