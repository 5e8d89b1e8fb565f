import { createHash } from "node:crypto";

/**
 * Ports for this checkout's test servers, derived from its folder: two checkouts (a developer's and
 * CI's fresh clone) never collide, and none is near the ports `npm run dev` prefers (5173 and the
 * next free ones; it skips taken ports), so `npm test` passes while the dev server runs.
 * E2E: one shop per Playwright project (JS on, JS off) on `e2e` and e2e+3, each with its
 * Stripe/Resend stand-in on the next port and Google's on the one after (20000–28999).
 * Worker tests: stand-ins on `worker` and worker+1 (30000–33999).
 */
export function testPorts(folder = process.cwd()): { e2e: number; worker: number } {
  const digest = createHash("sha256").update(folder).digest();
  return { e2e: 20_000 + (digest.readUInt16BE(0) % 1500) * 6, worker: 30_000 + (digest.readUInt16BE(2) % 2000) * 2 };
}
