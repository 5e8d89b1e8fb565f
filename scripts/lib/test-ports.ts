import { createHash } from "node:crypto";

/**
 * Ports for this checkout's test servers, derived from its folder: two checkouts (a developer's and
 * CI's fresh clone) never collide, and none is near the ports `npm run dev` prefers (5173 and the
 * next free ones; it skips taken ports), so `npm test` passes while the dev server runs. E2E: the app on `e2e`, its Stripe/Resend stand-in on
 * e2e+1, Google's on e2e+2. Worker tests: stand-ins on `worker` and worker+1.
 */
export function testPorts(folder = process.cwd()): { e2e: number; worker: number } {
  const slot = createHash("sha256").update(folder).digest().readUInt16BE(0) % 2000;
  return { e2e: 20_000 + slot * 4, worker: 30_000 + slot * 2 };
}
