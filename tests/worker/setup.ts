import { applyD1Migrations, env } from "cloudflare:test";
import { afterEach, beforeEach, expect } from "vitest";
import { catalogIsEmpty, seedCatalog } from "../../database/seed/seed-catalog";
import { expectedConsoleErrors } from "./console-guard";

// The same SQL files wrangler applies locally and in production; then the demo catalogue,
// so tests browse the shop a newcomer sees.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
if (await catalogIsEmpty(env.DB)) await seedCatalog(env.DB);

// The Worker under test shares this isolate: anything it logs as an error fails the test.
const originalError = console.error;
let loggedErrors: unknown[][] = [];
beforeEach(() => {
  loggedErrors = [];
  expectedConsoleErrors.length = 0;
  console.error = (...args: unknown[]) => {
    loggedErrors.push(args);
    originalError(...args);
  };
});
afterEach(() => {
  console.error = originalError;
  const unexpected = loggedErrors.filter(
    (args) => !expectedConsoleErrors.some((p) => p.test(args.map(String).join(" "))),
  );
  expect(unexpected, "console.error during the test").toEqual([]);
});
