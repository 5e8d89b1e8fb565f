/**
 * Serves the built Worker (npm run build) on localhost over its own fresh local state, migrated
 * and seeded: what the e2e tests and the benchmark run against. Usage: node scripts/serve-built.ts PORT STATE_DIR
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { applyMigrations, bin, offlineEnv, seedLocal } from "./lib/local-state.ts";

const [port = "4173", stateDir = ".state/e2e"] = process.argv.slice(2);
rmSync(stateDir, { recursive: true, force: true });
applyMigrations(stateDir);
console.log(await seedLocal({ stateDir }));

// wrangler dev runs the build output as deployed (build/server/wrangler.json), on the state above.
const server = spawn(
  bin("wrangler"),
  ["dev", "-c", "build/server/wrangler.json", "--port", port, "--ip", "127.0.0.1", "--persist-to", stateDir],
  { stdio: "inherit", env: offlineEnv },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
