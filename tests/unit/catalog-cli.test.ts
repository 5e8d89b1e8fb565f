import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The catalogue script end to end (decision 033): it starts the built Worker on a local state of
 * its own (BOB_STATE_DIR), so this needs `npm run build` first, as `npm test` does.
 */
const root = new URL("../..", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "bob-catalog-"));
const env = {
  ...process.env,
  BOB_STATE_DIR: join(work, "state"),
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
};

function run(script: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, "scripts", script), ...args], {
    cwd: root,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!existsSync(join(root, "build/server/wrangler.json")))(
  "npm run catalog:import and catalog:export",
  () => {
    const sample = join(work, "sample");

    it("imports a catalogue with photos, and the same files again write and upload nothing", {
      timeout: 240_000,
    }, () => {
      expect(run("catalog-sample.ts", "3", sample).status).toBe(0);
      const first = run(
        "catalog.ts",
        "import",
        join(sample, "catalog.csv"),
        "--photos",
        join(sample, "photos"),
        "--yes",
      );
      expect(first.output).toContain("Dry run: 3 added, 0 changed, 0 unchanged, 0 with errors.");
      expect(first.output).toContain("Photos: 3 to upload");
      expect(first.status).toBe(0);
      const second = run(
        "catalog.ts",
        "import",
        join(sample, "catalog.csv"),
        "--photos",
        join(sample, "photos"),
        "--yes",
      );
      expect(second.output).toContain("Dry run: 0 added, 0 changed, 3 unchanged, 0 with errors.");
      expect(second.output).toContain("Photos: 0 to upload (0.0 MB), 3 unchanged.");
      expect(second.status).toBe(0);
    });

    it("a file with a bad row writes nothing and says where", { timeout: 120_000 }, () => {
      const bad = readFileSync(join(sample, "catalog.csv"), "utf8").replace(
        /^(sample-bake-002,[^,]*,[^,]*,active,)[^,]*/m,
        "$1lots",
      );
      writeFileSync(join(work, "bad.csv"), bad);
      const result = run("catalog.ts", "import", join(work, "bad.csv"), "--yes");
      expect(result.status).toBe(2);
      expect(result.output).toContain("! line 3 sample-bake-002, price: Enter a price in pounds and pence, like 4.50");
      expect(result.output).toContain("Nothing was written");
    });

    it("exports the catalogue with the imported photos", { timeout: 120_000 }, () => {
      const out = join(work, "export");
      const result = run("catalog.ts", "export", "--out", out);
      expect(result.status).toBe(0);
      const csv = readFileSync(join(out, "catalog.csv"), "utf8");
      expect(csv).toContain("sample-bake-001,");
      expect(readdirSync(join(out, "photos"))).toContain("sample-bake-001.jpg");
    });
  },
);
