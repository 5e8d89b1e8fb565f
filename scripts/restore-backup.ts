/**
 * Restores D1 from a backup the daily cron wrote to R2 (backups/d1/<timestamp>.sql).
 *
 *   npm run db:restore -- --list                         backups in local R2
 *   npm run db:restore -- --from backups/d1/<file>.sql   restore local D1 from local R2
 *   npm run db:restore -- --from <key> --remote --env production
 *       download the backup from the deployed bucket and run it against the deployed D1
 *       (wrangler r2 object get + wrangler d1 execute --file). It replaces every row.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { getPlatformProxy } from "wrangler";
import { BACKUP_PREFIX, restoreDatabase } from "../app/modules/jobs/backup.ts";
import { bin, DEFAULT_STATE_DIR } from "./lib/local-state.ts";

const { values } = parseArgs({
  options: {
    list: { type: "boolean", default: false },
    from: { type: "string" },
    remote: { type: "boolean", default: false },
    env: { type: "string" },
    state: { type: "string", default: DEFAULT_STATE_DIR },
  },
});

function wrangler(args: string[]) {
  const result = spawnSync(bin("wrangler"), args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (values.remote) {
  if (!values.from || !values.env) throw new Error("--remote needs --from <key> and --env staging|production");
  const bucket = values.env === "production" ? "band-of-bakers-media-production" : `band-of-bakers-media-${values.env}`;
  const file = join(mkdtempSync(join(tmpdir(), "bob-restore-")), "backup.sql");
  wrangler(["r2", "object", "get", `${bucket}/${values.from}`, "--file", file, "--remote"]);
  wrangler(["d1", "execute", "DB", "--remote", "--env", values.env, "--file", file, "--yes"]);
  console.log(`Restored ${values.env} D1 from ${values.from}.`);
} else {
  const { env, dispose } = await getPlatformProxy<Env>({ persist: { path: join(values.state, "v3") } });
  try {
    if (values.list || !values.from) {
      const listed = await env.MEDIA.list({ prefix: BACKUP_PREFIX });
      for (const object of listed.objects) console.log(`${object.key}  ${object.size} bytes`);
      if (!listed.objects.length) console.log("No backups in local R2 yet (the 17 3 * * * cron makes them).");
    } else {
      const object = await env.MEDIA.get(values.from);
      const sql = object ? await object.text() : readFileSync(values.from, "utf8");
      const statements = await restoreDatabase(env.DB, sql);
      console.log(`Restored local D1 from ${values.from} (${statements} statements).`);
    }
  } finally {
    await dispose();
  }
}
