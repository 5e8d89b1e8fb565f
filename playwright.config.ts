import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./scripts/lib/chromium.ts";
import { testPorts } from "./scripts/lib/test-ports.ts";

// This checkout's own ports (each with the two after it for its stand-ins), so a running
// `npm run dev` or another checkout's tests never collide with them.
const PORT = Number(process.env.E2E_PORT ?? testPorts().e2e);

// Debian's Chromium (apt-get install chromium); Playwright's own browser download is not used.
const launchOptions = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS };

/**
 * JS on and JS off each get a shop of their own (the built Worker over its own fresh, seeded
 * D1/KV/R2, its own stand-ins), so the two run side by side while, within each, journeys run one
 * at a time as before: they share stock, slots and rate limits, which parallel tests would race.
 */
const shops = [
  { name: "js-on", javaScriptEnabled: true, port: PORT },
  { name: "js-off", javaScriptEnabled: false, port: PORT + 3 },
];

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: shops.length,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  use: { launchOptions, trace: "retain-on-failure" },
  projects: shops.map((shop) => ({
    name: shop.name,
    workers: 1,
    use: { javaScriptEnabled: shop.javaScriptEnabled, baseURL: `http://127.0.0.1:${shop.port}` },
  })),
  webServer: shops.map((shop) => ({
    command: `node scripts/serve-built.ts .state/e2e-${shop.name} ${shop.port}`,
    url: `http://127.0.0.1:${shop.port}/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
  })),
});
