/**
 * npm run lint:workflows [-- DIR] — checks every GitHub Actions workflow against GitHub's schema
 * offline (@action-validator/cli), so a broken workflow never lands: it would fail only on GitHub.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? join(import.meta.dirname, "../.github/workflows");
const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name));
let failed = 0;
for (const name of files) {
  const result = spawnSync(join(import.meta.dirname, "../node_modules/.bin/action-validator"), [join(dir, name)], {
    encoding: "utf8",
  });
  if (result.status !== 0) {
    failed += 1;
    console.error(`${name}: not a valid workflow\n${result.stdout}${result.stderr}`);
  }
}
if (failed || files.length === 0) process.exit(1);
console.log(`${files.length} workflows match GitHub's schema.`);
