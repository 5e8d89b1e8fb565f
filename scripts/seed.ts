// npm run db:seed [-- --reset]: migrate the local database and load the demo bakery.
import { DEFAULT_STATE_DIR, prepareLocalState } from "./lib/local-state.ts";

const stateDir = process.env.BOB_STATE_DIR ?? DEFAULT_STATE_DIR;
console.log(await prepareLocalState({ stateDir, reset: process.argv.includes("--reset") }));
