import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const node = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, args, { encoding: "utf8", env: { ...process.env, ...env } });

describe("the deploy pipeline's own checks, offline", () => {
  it("workflows are checked against GitHub's schema: ours pass, a broken one fails", () => {
    expect(node(["scripts/check-workflows.ts"]).status).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), "bob-workflows-"));
    // A job without runs-on: GitHub would reject it only once pushed.
    writeFileSync(
      join(dir, "broken.yml"),
      "name: Broken\non: push\njobs:\n  test:\n    steps:\n      - run: echo hi\n",
    );
    const broken = node(["scripts/check-workflows.ts", dir]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain("broken.yml: not a valid workflow");
    rmSync(dir, { recursive: true });
  }, 30_000);

  it("the workflow's migration step applies every migration with wrangler (locally here, --remote there)", () => {
    const state = mkdtempSync(join(tmpdir(), "bob-migrate-"));
    mkdirSync(state, { recursive: true });
    const apply = spawnSync(
      join("node_modules", ".bin", "wrangler"),
      ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state],
      {
        encoding: "utf8",
        env: { ...process.env, CI: "true", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
      },
    );
    expect(apply.status, apply.stderr).toBe(0);
    const list = spawnSync(
      join("node_modules", ".bin", "wrangler"),
      ["d1", "migrations", "list", "DB", "--local", "--persist-to", state],
      {
        encoding: "utf8",
        env: { ...process.env, CI: "true", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
      },
    );
    expect(list.stdout).toMatch(/No migrations to apply/);
    rmSync(state, { recursive: true });
  }, 120_000);
});
