/**
 * What the hourly orphan-upload cleanup would delete from local state, without deleting it; the
 * same code the cron runs (app/modules/jobs/orphan-uploads.ts).
 * Usage: npm run media:orphans [-- --delete] [-- --state .wrangler/state]
 */
import { parseArgs } from "node:util";
import { UPLOAD_LIMITS } from "../app/lib/constants.ts";
import { cleanUpOrphanUploads } from "../app/modules/jobs/orphan-uploads.ts";
import { DEFAULT_STATE_DIR, migrateLocalState, openLocalStorage } from "./lib/local-state.ts";

const { values } = parseArgs({
  options: { delete: { type: "boolean", default: false }, state: { type: "string", default: DEFAULT_STATE_DIR } },
});
console.log(await migrateLocalState(values.state));
const { env, dispose } = await openLocalStorage(values.state);
try {
  const report = await cleanUpOrphanUploads(
    { d1: env.DB, media: env.MEDIA },
    { olderThanHours: UPLOAD_LIMITS.orphanAfterHours, dryRun: !values.delete },
  );
  const verb = report.dryRun ? "Would delete" : "Deleted";
  console.log(
    `${verb} ${report.uploads.length} upload(s), ${report.objects.length} object(s) older than ${report.cutoff}:`,
  );
  for (const key of report.objects) console.log(`  ${key}`);
  if (report.dryRun && report.uploads.length) console.log("Run with -- --delete to delete them now.");
} finally {
  await dispose();
}
