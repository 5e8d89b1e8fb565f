// npm run db:seed [-- --reset]: migrate the local database and load the demo bakery.
import { applyMigrations, DEFAULT_STATE_DIR, seedLocal } from "./lib/local-state.ts";

const stateDir = process.env.BOB_STATE_DIR ?? DEFAULT_STATE_DIR;
applyMigrations(stateDir);
console.log(await seedLocal({ stateDir, reset: process.argv.includes("--reset") }));
