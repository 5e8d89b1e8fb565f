// npm run dev: a working shop on localhost with no accounts or network: migrate, seed, serve.
// Ports: `npm run dev -- --port 3000` (or PORT=3000), else 5173; taken ones are skipped. The
// stand-ins take the next two free ports, and every callback URL is derived from the ones chosen.
import { spawn } from "node:child_process";
import { firstFreePorts, takePortArgument } from "./lib/free-port.ts";
import { bin, DEFAULT_STATE_DIR, offlineEnv, prepareLocalState, startStandins } from "./lib/local-state.ts";
import { superviseChildren } from "./lib/processes.ts";
import { localGoogleVars } from "./standins/local-google.ts";
import { localSentryDsn } from "./standins/local-sentry.ts";

const { port: askedPort, rest: viteArgs } = takePortArgument(process.argv.slice(2));
const port = await firstFreePorts(askedPort ?? Number(process.env.PORT ?? 5173));
const standinPort = await firstFreePorts(port + 1, 2);
const origin = `http://localhost:${port}`;
const standinUrl = `http://127.0.0.1:${standinPort}`;

const stateDir = process.env.BOB_STATE_DIR ?? DEFAULT_STATE_DIR;
console.log(await prepareLocalState({ stateDir }));

// Stripe/Resend stand-in, and Google's on the port after it, unless .dev.vars has real keys.
const standins = startStandins({ port: standinPort, webhook: `${origin}/webhooks/stripe` });
// The Worker's variables for these ports (vite.config.ts hands BOB_DEV_VARS to the Worker);
// .dev.vars still wins for anything it sets.
const devVars = {
  APP_URL: origin,
  STANDIN_URL: standinUrl,
  ...(standins ? { ...localGoogleVars(standinPort + 1), SENTRY_DSN: localSentryDsn(standinPort) } : {}),
};
const server = spawn(bin("react-router"), ["dev", "--port", String(port), "--strictPort", ...viteArgs], {
  stdio: "inherit",
  env: { ...offlineEnv, BOB_DEV_VARS: JSON.stringify(devVars) },
});
superviseChildren(server, [standins]);
