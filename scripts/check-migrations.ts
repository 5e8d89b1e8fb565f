/**
 * npm run lint:migrations — fails if a migration would break the release still running while it
 * is applied, unless it carries a contract marker (scripts/lib/migration-compat.ts, decision 021).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { incompatibleChanges } from "./lib/migration-compat.ts";

const dir = join(import.meta.dirname, "../database/migrations");
const migrations = readdirSync(dir)
  .filter((name) => name.endsWith(".sql"))
  .sort()
  .map((name) => ({ name, sql: readFileSync(join(dir, name), "utf8") }));
const findings = incompatibleChanges(migrations);
for (const f of findings) console.error(`${f.migration}: ${f.subject} — ${f.problem}`);
if (findings.length) {
  console.error(
    "\nA migration must work with the release before it (expand, deploy, contract: decision 021).\n" +
      "If the running release no longer uses it, say so in the migration:  -- contract: <table>[.<column>] unused since <release>",
  );
  process.exit(1);
}
console.log(`${migrations.length} migrations: each works with the release before it.`);
