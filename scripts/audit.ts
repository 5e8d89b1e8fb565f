/**
 * npm run audit: Lighthouse (mobile, the default form factor) on the built Worker, for the pages
 * shoppers land on. Prints the four category scores and the metrics behind performance.
 */
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./lib/chromium.ts";
import { startBuiltServer } from "./lib/processes.ts";

const PORT = Number(process.env.AUDIT_PORT ?? 4330);
const pages = ["/", "/shop", "/shop?q=sourdough&diet=vegan", "/products/country-sourdough"];

const { origin, stop: stopServer } = await startBuiltServer(PORT, ".state/audit");

const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM_PATH,
  chromeFlags: ["--headless=new", ...CHROMIUM_ARGS],
});
try {
  console.log(`${"page".padEnd(32)} perf  a11y  best   seo    FCP    LCP    TBT    CLS`);
  for (const page of pages) {
    // One unmeasured load first, so the page cache is warm as it would be for most visitors.
    await fetch(origin + page);
    const result = await lighthouse(origin + page, { port: chrome.port, output: "json", logLevel: "error" });
    if (!result) throw new Error(`no Lighthouse result for ${page}`);
    const { categories, audits } = result.lhr;
    const score = (id: string) => String(Math.round((categories[id]?.score ?? 0) * 100)).padStart(4);
    const metric = (id: string) => (audits[id]?.displayValue ?? "-").replace(/\s/g, "").padStart(7);
    console.log(
      `${page.padEnd(32)} ${score("performance")}  ${score("accessibility")}  ${score("best-practices")}  ${score("seo")} ${metric("first-contentful-paint")}${metric("largest-contentful-paint")}${metric("total-blocking-time")}${metric("cumulative-layout-shift")}`,
    );
    const failing = Object.values(audits).filter(
      (a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === "binary",
    );
    for (const audit of failing) console.log(`    ✗ ${audit.id}: ${audit.title}`);
  }
} finally {
  await chrome.kill();
  stopServer();
}
process.exit(0);
