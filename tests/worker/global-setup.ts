import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

import { testPorts } from "../../scripts/lib/test-ports.ts";

const STANDIN_PORT = testPorts().worker;

let standin: ChildProcess | undefined;

/** The Stripe/Resend/Google stand-ins, so the Worker's real SDK calls have something local to talk to. */
export async function setup() {
  const script = fileURLToPath(new URL("../../scripts/standins/server.ts", import.meta.url));
  standin = spawn(process.execPath, [script, "--port", String(STANDIN_PORT), "--webhook", "none"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 100; i++) {
    try {
      const stripe = await fetch(`http://127.0.0.1:${STANDIN_PORT}/health`);
      const oidc = await fetch(`http://127.0.0.1:${STANDIN_PORT + 1}/.well-known/openid-configuration`);
      if (stripe.ok && oidc.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("stand-in did not start");
}

export async function teardown() {
  standin?.kill();
}
