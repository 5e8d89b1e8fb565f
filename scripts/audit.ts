/**
 * npm run audit: Lighthouse (mobile, the default form factor: simulated slow 4G and a 4× slower
 * CPU) on the built Worker, for the pages shoppers land on and the basket. Each page is measured
 * AUDIT_RUNS times (default 3) and the run with the median LCP is printed: a single run on a busy
 * machine can be off by half a second. Prints the four category scores and the metrics behind
 * performance; decision 018 records the figures.
 */
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { type Result } from "lighthouse";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./lib/chromium.ts";
import { startBuiltServer } from "./lib/processes.ts";

const PORT = Number(process.env.AUDIT_PORT ?? 4330);
const RUNS = Number(process.env.AUDIT_RUNS ?? 3);
const pages = ["/", "/shop", "/shop?q=sourdough&diet=vegan", "/products/country-sourdough", "/basket"];

const { origin, stop: stopServer } = await startBuiltServer(PORT, ".state/audit");

// The basket is audited holding two lines, as a shopper would see it before checking out.
const basketCookie = await basketHolding(["1", "2"]);

const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM_PATH,
  chromeFlags: ["--headless=new", ...CHROMIUM_ARGS],
});
try {
  console.log(`Lighthouse mobile, median LCP of ${RUNS} runs per page`);
  console.log(`${"page".padEnd(32)} perf  a11y  best   seo    FCP    LCP    TBT    CLS   LCP of each run`);
  for (const page of pages) {
    const extraHeaders = page === "/basket" ? { Cookie: basketCookie } : undefined;
    // One unmeasured load first, so the page cache is warm as it would be for most visitors.
    await fetch(origin + page, { headers: extraHeaders });
    const runs: Result[] = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await lighthouse(origin + page, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        extraHeaders,
      });
      if (!result) throw new Error(`no Lighthouse result for ${page}`);
      runs.push(result.lhr);
    }
    const lcpOf = (lhr: Result) => lhr.audits["largest-contentful-paint"]?.numericValue ?? 0;
    const sorted = [...runs].sort((a, b) => lcpOf(a) - lcpOf(b));
    const median = sorted[Math.floor(sorted.length / 2)];
    if (!median) continue;
    const { categories, audits } = median;
    const score = (id: string) => String(Math.round((categories[id]?.score ?? 0) * 100)).padStart(4);
    const metric = (id: string) => (audits[id]?.displayValue ?? "-").replace(/\s/g, "").padStart(7);
    const each = runs.map((lhr) => `${(lcpOf(lhr) / 1000).toFixed(2)}s`).join(" ");
    console.log(
      `${page.padEnd(32)} ${score("performance")}  ${score("accessibility")}  ${score("best-practices")}  ${score("seo")} ${metric("first-contentful-paint")}${metric("largest-contentful-paint")}${metric("total-blocking-time")}${metric("cumulative-layout-shift")}   ${each}`,
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

/** A basket cookie for a new basket holding one of each product id, added through the shop's form. */
async function basketHolding(productIds: string[]): Promise<string> {
  let cookie = "";
  for (const productId of productIds) {
    const response = await fetch(`${origin}/basket`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      body: new URLSearchParams({ intent: "add", productId, quantity: "1" }),
    });
    cookie = (response.headers.get("Set-Cookie") ?? cookie).split(";")[0] ?? "";
  }
  return cookie;
}
