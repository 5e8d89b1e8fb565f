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

const server = spawn(bin("vite"), ["preview", "--port", port, "--strictPort", "--host", "127.0.0.1"], {
  stdio: "inherit",
  env: { ...offlineEnv, BOB_STATE_DIR: stateDir },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
