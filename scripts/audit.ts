/**
 * npm run audit: Lighthouse (mobile, the default form factor) on the built Worker, for the pages
 * shoppers land on. Prints the four category scores and the metrics behind performance.
 */
import { spawn } from "node:child_process";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { bin, offlineEnv } from "./lib/local-state.ts";

const PORT = Number(process.env.AUDIT_PORT ?? 4330);
const origin = `http://127.0.0.1:${PORT}`;
const pages = ["/", "/shop", "/shop?q=sourdough&diet=vegan", "/products/country-sourdough"];

const server = spawn(bin("node"), ["scripts/serve-built.ts", String(PORT), ".state/audit"], {
  env: offlineEnv,
  stdio: ["ignore", "ignore", "inherit"],
  detached: true,
});
const stopServer = () => {
  try {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  } catch {}
};
process.on("exit", stopServer);

for (let i = 0; i < 240; i++) {
  try {
    if ((await fetch(`${origin}/health`)).ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 500));
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
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
