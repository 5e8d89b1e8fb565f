import { spawnSync } from "node:child_process";
import { expect, test } from "./fixtures";

/**
 * The deploy workflow's smoke check (scripts/smoke.ts), run against the built Worker on local
 * state exactly as .github/workflows/deploy.yml runs it against staging and production.
 */
const smoke = (origin: string) =>
  spawnSync(process.execPath, ["scripts/smoke.ts", origin], {
    encoding: "utf8",
    env: { ...process.env, SMOKE_ATTEMPTS: "1" },
  });

test("the deploy smoke check passes on a working shop and fails, saying why, on a broken one", async ({
  baseURL,
}, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "no browser involved: once is enough");
  const origin = String(baseURL);
  const good = smoke(origin);
  expect(good.stderr).toBe("");
  expect(good.stdout).toMatch(
    /^Smoke check passed on http:\/\/127\.0\.0\.1:\d+: \/health ok, \/shop, \/products\/[a-z0-9-]+\.\n$/,
  );
  expect(good.status).toBe(0);

  // A shop whose pages are not where they should be: what a broken release looks like from outside.
  const broken = smoke(`${origin}/not-the-shop`);
  expect(broken.status).toBe(1);
  expect(broken.stderr).toMatch(/Smoke check failed on .*\/not-the-shop: \/health answered 404/);
});
