/**
 * Makes a rendered page load its scripts after the page itself (decision 018).
 *
 * React Router preloads every module a page needs (`<link rel="modulepreload">`, hoisted into
 * the head) and imports them from one inline module script. On a slow phone those ~115 kB
 * compete with the product photo for the connection, and evaluating them delays its paint:
 * Lighthouse put LCP at 2.3-2.6 s on image pages while the HTML and photo were long in. The
 * document is complete and every form works without JavaScript, so nothing is lost by making
 * it interactive right after the `load` event instead: the preloads are taken out of the HTML and
 * the script adds them, then imports the same modules, once the page has loaded.
 *
 * This rewrites React Router's own output, so it checks the shape it expects and leaves a page
 * untouched otherwise (the page then hydrates as before; the e2e suite fails on any console error).
 */
const MODULE_PRELOAD = /<link rel="modulepreload" href="([^"]+)"[^>]*\/>/g;
const ROUTE_MODULES_SCRIPT = /(<script[^>]* type="module" async="">)([\s\S]*?)(<\/script>)/;
const NAMESPACE_IMPORT = /^import \* as (\w+) from ("[^"]+");$/gm;
const BARE_IMPORT = /^;?import ("[^"]+");?$/gm;

export function hydrateAfterLoad(html: string): string {
  const script = ROUTE_MODULES_SCRIPT.exec(html);
  const preloads = [...html.matchAll(MODULE_PRELOAD)].map((match) => match[1]);
  if (!script || preloads.length === 0 || !script[2].includes("window.__reactRouterRouteModules")) return html;

  const imports = script[2]
    .replace(NAMESPACE_IMPORT, (_, name: string, href: string) => `const ${name} = await import(${href});`)
    .replace(BARE_IMPORT, (_, href: string) => `await import(${href});`);
  if (/^\s*;?\s*import\s/m.test(imports)) return html; // a static import we do not know how to move
  const deferred = [
    'await new Promise((loaded) => document.readyState === "complete" ? loaded() : addEventListener("load", loaded, { once: true }));',
    `for (const href of ${JSON.stringify(preloads)}) {`,
    '  const link = document.createElement("link"); link.rel = "modulepreload"; link.href = href; document.head.append(link);',
    "}",
    imports,
  ].join("\n");
  return html
    .replace(MODULE_PRELOAD, "")
    .replace(ROUTE_MODULES_SCRIPT, (_, open: string, _body: string, close: string) => open + deferred + close);
}
