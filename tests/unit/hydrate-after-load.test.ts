import { describe, expect, it } from "vitest";
import { hydrateAfterLoad } from "../../app/modules/platform/hydrate-after-load.server";

// The shape React Router 7 renders (preloads hoisted into the head, one inline module script).
const page = [
  '<!DOCTYPE html><html><head><meta charSet="utf-8"/>',
  '<link rel="modulepreload" href="/assets/entry.client-A.js" nonce="N"/>',
  '<link rel="modulepreload" href="/assets/root-B.js" nonce="N"/>',
  '<link rel="preload" as="image" href="/media/bun-960.webp" fetchPriority="high"/>',
  "</head><body><main>Buns</main>",
  '<script nonce="N">window.__reactRouterContext = {};</script>',
  '<script nonce="N" type="module" async="">;',
  'import * as route0 from "/assets/root-B.js";',
  'import * as route1_clientLoader from "/assets/product-C.js?client-loader";',
  'import * as route1_main from "/assets/product-C.js";',
  "const route1 = {...route1_clientLoader,...route1_main};",
  '  window.__reactRouterRouteModules = {"root":route0,"routes/product":route1};',
  "",
  'import("/assets/entry.client-A.js");</script>',
  "</body></html>",
].join("\n");

describe("hydrateAfterLoad", () => {
  const html = hydrateAfterLoad(page);
  const script = /<script nonce="N" type="module" async="">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";

  it("takes the module preloads out of the HTML and leaves other preloads", () => {
    expect(html).not.toContain('rel="modulepreload"');
    expect(html).toContain('<link rel="preload" as="image" href="/media/bun-960.webp" fetchPriority="high"/>');
  });

  it("waits for the load event, then preloads the same modules and imports them", () => {
    const waits = script.indexOf('addEventListener("load"');
    expect(waits).toBeGreaterThanOrEqual(0);
    expect(script.indexOf('["/assets/entry.client-A.js","/assets/root-B.js"]')).toBeGreaterThan(waits);
    expect(script).toContain('const route0 = await import("/assets/root-B.js");');
    expect(script).toContain('const route1_clientLoader = await import("/assets/product-C.js?client-loader");');
    expect(script).toContain("const route1 = {...route1_clientLoader,...route1_main};");
    expect(script).toContain('import("/assets/entry.client-A.js");');
    expect(script).not.toMatch(/^import \* as/m);
  });

  it("is valid JavaScript for a module", async () => {
    // A module body with top-level await compiles as the body of an async function.
    const AsyncFunction = (async () => {}).constructor as new (body: string) => unknown;
    expect(() => new AsyncFunction(script)).not.toThrow();
  });

  it("leaves a page it does not recognise untouched", () => {
    const unknown = page.replace("window.__reactRouterRouteModules", "window.somethingElse");
    expect(hydrateAfterLoad(unknown)).toBe(unknown);
    const withExport = page.replace('import * as route0 from "/assets/root-B.js";', 'import { a } from "/x.js";');
    expect(hydrateAfterLoad(withExport)).toBe(withExport);
    expect(hydrateAfterLoad("<html><body>Not found</body></html>")).toBe("<html><body>Not found</body></html>");
  });
});
