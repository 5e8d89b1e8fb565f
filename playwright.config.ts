import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./scripts/lib/chromium.ts";
import { testPorts } from "./scripts/lib/test-ports.ts";

// This checkout's own port (and the two after it for the stand-ins), so a running `npm run dev`
// or another checkout's tests never collide with it.
const PORT = Number(process.env.E2E_PORT ?? testPorts().e2e);

// Debian's Chromium (apt-get install chromium); Playwright's own browser download is not used.
const launchOptions = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS };

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Every page state is also checked with axe (tests/e2e/fixtures.ts), about a second a state on
  // this 2-core machine: the longest journeys (the production grid, sign-up to order) need more
  // than Playwright's default 30 s.
  timeout: 60_000,
  // And an answer may take longer than 5 s to show while axe checks the page it replaces (the
  // production grid's save, measured at over 5 s once in CI).
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions,
    trace: "retain-on-failure",
  },
  projects: [
    { name: "js-on", use: { javaScriptEnabled: true } },
    { name: "js-off", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    // The built Worker (npm run build) over fresh, seeded local D1/KV/R2.
    command: `node scripts/serve-built.ts .state/e2e ${PORT}`,
    url: `http://127.0.0.1:${PORT}/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    // Both projects' journeys share the demo admin and staff accounts at once, so together they
    // make more form posts a minute than one person's "writes" allowance (10; worker tests check
    // that limit). Every other limit stays as production has it.
    env: {
      ...(process.env as Record<string, string>),
      RATE_LIMIT_OVERRIDES: JSON.stringify({ writes: { limit: 200 } }),
    },
    stdout: "ignore",
    stderr: "pipe",
  },
});
