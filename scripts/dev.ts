// npm run dev: a working shop on localhost with no accounts or network: migrate, seed, serve.
import { spawn } from "node:child_process";
import { applyMigrations, bin, DEFAULT_STATE_DIR, offlineEnv, seedLocal, startStandins } from "./lib/local-state.ts";
import { superviseChildren } from "./lib/processes.ts";

const stateDir = process.env.BOB_STATE_DIR ?? DEFAULT_STATE_DIR;
applyMigrations(stateDir);
console.log(await seedLocal({ stateDir }));

// Stripe and Resend stand-ins, unless real keys are configured (.dev.vars).
const standins = startStandins({ port: 12111, webhook: "http://localhost:5173/webhooks/stripe" });
const server = spawn(bin("react-router"), ["dev", ...process.argv.slice(2)], { stdio: "inherit", env: offlineEnv });
superviseChildren(server, [standins]);
