/**
 * Serves the built Worker (npm run build) on localhost over its own fresh local state, migrated
 * and seeded: what the e2e tests and the benchmark run against. Usage: node scripts/serve-built.ts STATE_DIR [PORT]
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { firstFreePorts } from "./lib/free-port.ts";
import { bin, offlineEnv, prepareLocalState, startStandins } from "./lib/local-state.ts";
import { superviseChildren } from "./lib/processes.ts";
import { localGoogleVars } from "./standins/local-google.ts";
import { localSentryDsn } from "./standins/local-sentry.ts";

// The stand-ins take the next two ports (Stripe/Resend, then Google). Without a port (npm run
// preview), the first of 4173 on with three free ports in a row.
const [stateDir = ".state/e2e", askedPort] = process.argv.slice(2);
const port = askedPort ?? String(await firstFreePorts(4173, 3));
const standinPort = String(Number(port) + 1);
rmSync(stateDir, { recursive: true, force: true });
console.log(await prepareLocalState({ stateDir }));

const origin = `http://127.0.0.1:${port}`;
const standins = startStandins({ port: Number(standinPort), webhook: `${origin}/webhooks/stripe` });

// wrangler dev runs the build output as deployed (build/server/wrangler.json), on the state above.
const server = spawn(
  bin("wrangler"),
  [
    "dev",
    "-c",
    "build/server/wrangler.json",
    "--port",
    port,
    "--ip",
    "127.0.0.1",
    "--persist-to",
    stateDir,
    "--var",
    `APP_URL:${origin}`,
    "--var",
    `STANDIN_URL:http://127.0.0.1:${standinPort}`,
    // Error reports to the Sentry stand-in (GET /__standin/sentry/events lists them).
    "--var",
    `SENTRY_DSN:${localSentryDsn(Number(standinPort))}`,
    // Google sign-in against the local OpenID Connect stand-in (next port up).
    ...Object.entries(localGoogleVars(Number(standinPort) + 1)).flatMap(([name, value]) => [
      "--var",
      `${name}:${value}`,
    ]),
    // KV as production limits it (the bake-day burst benchmark).
    ...(process.env.KV_ONE_WRITE_PER_SECOND
      ? ["--var", `KV_ONE_WRITE_PER_SECOND:${process.env.KV_ONE_WRITE_PER_SECOND}`]
      : []),
    // The benchmark measures what production does: no local copy of each metrics point.
    ...(process.env.LOCAL_METRICS ? ["--var", `LOCAL_METRICS:${process.env.LOCAL_METRICS}`] : []),
    // This environment's rate limits (the benchmark's clients all come from 127.0.0.1).
    ...(process.env.RATE_LIMIT_OVERRIDES ? ["--var", `RATE_LIMIT_OVERRIDES:${process.env.RATE_LIMIT_OVERRIDES}`] : []),
  ],
  { stdio: "inherit", env: offlineEnv },
);
superviseChildren(server, [standins]);
