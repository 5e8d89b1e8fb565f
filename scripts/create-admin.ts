/**
 * npm run admin:create -- --email you@example.com [--name "Your Name"] [--password …] [--remote --env production]
 * Creates the first admin (or makes an existing account an admin). Without --password a strong one
 * is generated and printed once. Local by default; --remote runs against the deployed D1.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { hashPassword, PASSWORD_MIN_LENGTH } from "../app/modules/auth/password.ts";
import { bin, DEFAULT_STATE_DIR, offlineEnv } from "./lib/local-state.ts";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string", default: "Admin" },
    password: { type: "string" },
    remote: { type: "boolean", default: false },
    env: { type: "string" },
  },
});
const email = values.email?.trim().toLowerCase();
if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
  console.error(
    "Usage: npm run admin:create -- --email you@example.com [--name …] [--password …] [--remote --env production]",
  );
  process.exit(2);
}
const password = values.password ?? Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64url");
if (password.length < PASSWORD_MIN_LENGTH) {
  console.error(`The password needs at least ${PASSWORD_MIN_LENGTH} characters.`);
  process.exit(2);
}
const hash = await hashPassword(password);
const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
const now = new Date().toISOString();
const sql = `INSERT INTO users (email, name, password_hash, role, email_verified_at) VALUES (${quote(email)}, ${quote(values.name ?? "Admin")}, ${quote(hash)}, 'admin', ${quote(now)})
ON CONFLICT (email) DO UPDATE SET role = 'admin', password_hash = excluded.password_hash, session_epoch = session_epoch + 1;`;

const target = values.remote
  ? ["--remote"]
  : ["--local", "--persist-to", process.env.BOB_STATE_DIR ?? DEFAULT_STATE_DIR];
const envArgs = values.env ? ["--env", values.env] : [];
const result = spawnSync(bin("wrangler"), ["d1", "execute", "DB", ...target, ...envArgs, "--command", sql], {
  stdio: ["ignore", "ignore", "inherit"],
  env: offlineEnv,
});
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`Admin ready: ${email}${values.password ? "" : `\nPassword (shown once): ${password}`}`);
if (values.remote) {
  // Staging and production require two-step sign-in of staff and admins (guards.server.ts).
  console.log("At first sign-in the shop asks you to set up two-step sign-in (any authenticator app).");
}
