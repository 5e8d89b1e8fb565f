/**
 * Local D1/KV/R2 state for dev, e2e and benchmarks. Everything goes through wrangler/miniflare
 * so the files are exactly what `vite dev`/`vite preview` read (`<dir>/v3`).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { experimental_readRawConfig, getPlatformProxy } from "wrangler";
import { hashPassword } from "../../app/modules/auth/password.ts";
import { catalogVersionKey } from "../../app/modules/cache/keys.ts";
import { seedProducts } from "../../database/seed/catalog-data.ts";
import { catalogIsEmpty, clearCatalog, type SeedImage, seedCatalog } from "../../database/seed/seed-catalog.ts";
import { renderProductImage } from "./product-art.ts";

export const DEFAULT_STATE_DIR = ".wrangler/state";

/** A project-local CLI (wrangler, vite, …), so scripts work with or without `npm run`. */
export function bin(name: string): string {
  return join(import.meta.dirname, "../../node_modules/.bin", name);
}

export const offlineEnv = {
  ...process.env,
  // Project CLIs run on the project's Node 22 (the `node` package), whatever the shell's node is.
  PATH: `${join(import.meta.dirname, "../../node_modules/.bin")}:${process.env.PATH}`,
  // Nothing outside this machine is reachable; stop wrangler trying.
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
};

/** Applies new D1 migrations; says in one line what it did (wrangler's whole table on failure). */
export function applyMigrations(stateDir: string = DEFAULT_STATE_DIR): void {
  const result = spawnSync(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], {
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    env: { ...offlineEnv, CI: "true" },
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`wrangler d1 migrations apply failed: ${result.error ?? `exit ${result.status}`}`);
  }
  // wrangler reprints its table after each migration: count the names marked done, once each.
  const applied = new Set(result.stdout.match(/\d{4}_[\w-]+\.sql(?=\s+│ ✅)/g)).size;
  console.log(applied ? `D1: applied ${applied} migrations` : "D1: migrations up to date");
}

/**
 * Seeding only needs the storage bindings. Handing getPlatformProxy the whole wrangler.jsonc makes
 * it warn that the rate limiter's Durable Object "will not work" (its class lives in the Worker,
 * which a platform proxy never runs), a warning about a binding the seed never touches.
 */
function storageOnlyConfig(stateDir: string): string {
  const { rawConfig } = experimental_readRawConfig({ config: join(import.meta.dirname, "../../wrangler.jsonc") });
  const { name, compatibility_date, vars, d1_databases, kv_namespaces, r2_buckets } = rawConfig;
  const d1 = d1_databases?.map((db: { migrations_dir?: string }) => ({
    ...db,
    migrations_dir: join(import.meta.dirname, "../..", db.migrations_dir ?? "migrations"),
  }));
  mkdirSync(stateDir, { recursive: true });
  const path = join(stateDir, "seed.wrangler.json");
  writeFileSync(path, JSON.stringify({ name, compatibility_date, vars, d1_databases: d1, kv_namespaces, r2_buckets }));
  return path;
}

export async function seedLocal({ stateDir = DEFAULT_STATE_DIR, reset = false } = {}): Promise<string> {
  const { env, dispose } = await getPlatformProxy<Env>({
    configPath: storageOnlyConfig(stateDir),
    persist: { path: join(stateDir, "v3") },
  });
  try {
    if (!reset && !(await catalogIsEmpty(env.DB))) return "catalogue already seeded (use --reset to start again)";
    if (reset) await clearCatalog(env.DB);

    const images = new Map<string, SeedImage>();
    for (const product of seedProducts) {
      const rendered = await renderProductImage(product);
      for (const file of rendered.files) {
        await env.MEDIA.put(file.key, file.bytes, { httpMetadata: { contentType: "image/webp" } });
      }
      const { files: _files, ...image } = rendered;
      images.set(product.slug, image);
    }
    const count = await seedCatalog(env.DB, images);
    await seedDemoAccounts(env.DB);
    // The KV mirror of the catalogue version is dropped so the next request reads the new one from D1.
    await env.KV.delete(catalogVersionKey(env.CACHE_NAMESPACE));
    return `seeded ${count} products with images`;
  } finally {
    await dispose();
  }
}

/** True when .dev.vars configures a real Stripe key: then no stand-in may run. */
function realStripeConfigured(): boolean {
  const devVars = join(import.meta.dirname, "../../.dev.vars");
  return existsSync(devVars) && /^\s*STRIPE_SECRET_KEY\s*=\s*sk_/m.test(readFileSync(devVars, "utf8"));
}

/** Starts the Stripe/Resend stand-ins (scripts/standins/server.ts) for dev, e2e and the bench. */
export function startStandins({ port, webhook }: { port: number; webhook: string }): ChildProcess | null {
  if (realStripeConfigured()) {
    console.log("Real Stripe key in .dev.vars: the stand-ins are not started.");
    return null;
  }
  return spawn(
    bin("node"),
    [join(import.meta.dirname, "../standins/server.ts"), "--port", String(port), "--webhook", webhook],
    {
      stdio: "inherit",
      env: offlineEnv,
    },
  );
}

/** Local-only accounts to try the shop with; documented in the README. Never seeded remotely. */
export const DEMO_ACCOUNTS = [
  { email: "admin@bandofbakers.example", name: "Ada Admin", role: "admin", password: "admin-demo-password" },
  { email: "staff@bandofbakers.example", name: "Sam Staff", role: "staff", password: "staff-demo-password" },
  {
    email: "customer@bandofbakers.example",
    name: "Cal Customer",
    role: "customer",
    password: "customer-demo-password",
  },
] as const;

async function seedDemoAccounts(db: D1Database) {
  const now = new Date().toISOString();
  for (const account of DEMO_ACCOUNTS) {
    await db
      .prepare(
        "INSERT INTO users (email, name, password_hash, role, email_verified_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING",
      )
      .bind(account.email, account.name, await hashPassword(account.password), account.role, now)
      .run();
  }
}
