import { renderToReadableStream } from "react-dom/server";
import type { EntryContext, RouterContextProvider } from "react-router";
import { ServerRouter } from "react-router";
import { NonceProvider } from "./components/nonce";
import { hydrateAfterLoad } from "./modules/platform/hydrate-after-load.server";
import { getRequestContext } from "./modules/platform/request-context.server";

export const streamTimeout = 5_000;

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
