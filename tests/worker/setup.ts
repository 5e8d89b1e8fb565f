import { applyD1Migrations, env, reset } from "cloudflare:test";
import { afterEach, beforeEach, expect } from "vitest";
import { seedCatalog } from "../../database/seed/seed-catalog";
import { expectedConsoleErrors } from "./console-guard";

// The test files run one after another in one runtime (`isolate: false` in vitest.config.ts: one
// runtime start and one module load instead of one per file). `reset()` deletes what the previous
// file left in D1, KV, R2 and the Durable Objects; then the same SQL files wrangler applies locally
// and in production, and the demo catalogue: every file starts from the shop a newcomer sees.
await reset();
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await seedCatalog(env.DB);

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
