/**
 * Local D1/KV/R2 state for dev, e2e and benchmarks. Everything goes through wrangler/miniflare
 * so the files are exactly what `vite dev`/`vite preview` read (`<dir>/v3`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { experimental_readRawConfig, getPlatformProxy, unstable_splitSqlQuery } from "wrangler";
import { hashPassword } from "../../app/modules/auth/password.ts";
import { MIGRATIONS_TABLE } from "../../app/modules/backup/restore.ts";
import { catalogVersionKey } from "../../app/modules/cache/keys.ts";
import { shopLocalDateTime } from "../../app/modules/checkout/slots.ts";
import { seedProducts } from "../../database/seed/catalog-data.ts";
import { seedDemoWeek } from "../../database/seed/demo-week.ts";
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

const MIGRATIONS_DIR = join(import.meta.dirname, "../../database/migrations");

/**
 * Applies new D1 migrations exactly as `wrangler d1 migrations apply --local` does: the same files
 * in name order, split by wrangler's own splitter, each in one batch with its row in wrangler's
 * `d1_migrations` table, so `npm run db:migrate` and this agree on what is applied. Done through
 * the platform proxy the seed opens anyway: a separate wrangler process took ~15 s per start.
 */
async function applyMigrations(db: D1Database): Promise<string> {
  await db.prepare(MIGRATIONS_TABLE).run();
  const { results } = await db.prepare("SELECT name FROM d1_migrations").all<{ name: string }>();
  const applied = new Set(results.map((row) => row.name));
  const pending = readMigrations().filter((migration) => !applied.has(migration.name));
  for (const { name, queries } of pending) {
    await db.batch([
      ...queries.map((query) => db.prepare(query)),
      db.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(name),
    ]);
  }
  return pending.length ? `D1: applied ${pending.length} migrations` : "D1: migrations up to date";
}

/** This release's migrations, in the order wrangler applies them, split as wrangler splits them. */
export function readMigrations(): { name: string; queries: string[] }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith(".sql"))
    .sort()
    .map((name) => ({ name, queries: unstable_splitSqlQuery(readFileSync(join(MIGRATIONS_DIR, name), "utf8")) }));
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

/** Opens the local storage in `stateDir` (what `wrangler dev` and `vite dev` read) for a script. */
export async function openLocalStorage(stateDir: string = DEFAULT_STATE_DIR) {
  return getPlatformProxy<Env>({ configPath: storageOnlyConfig(stateDir), persist: { path: join(stateDir, "v3") } });
}

/**
 * Migrates the local database and, unless it already has a catalogue (or `reset`), loads the demo
 * bakery. Says in two lines what it did.
 */
export async function prepareLocalState({ stateDir = DEFAULT_STATE_DIR, reset = false } = {}): Promise<string> {
  const { env, dispose } = await openLocalStorage(stateDir);
  try {
    const migrated = await applyMigrations(env.DB);
    return `${migrated}\n${await seedDemoBakery(env, reset)}`;
  } finally {
    await dispose();
  }
}

/** Migrates the local database only (for scripts that read it, e.g. media:orphans). */
export async function migrateLocalState(stateDir: string = DEFAULT_STATE_DIR): Promise<string> {
  const { env, dispose } = await openLocalStorage(stateDir);
  try {
    return await applyMigrations(env.DB);
  } finally {
    await dispose();
  }
}

async function seedDemoBakery(env: Env, reset: boolean): Promise<string> {
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
  await seedDemoWeek(env.DB, shopLocalDateTime(new Date()).slice(0, 10));
  await seedDemoAccounts(env.DB);
  // The seed is a catalogue edit: it publishes the new version to the KV mirror, as the admin does
  // (pages never write it; decision 018).
  const version = await env.DB.prepare("SELECT version FROM catalog_meta WHERE id = 1").first<number>("version");
  await env.KV.put(catalogVersionKey(env.CACHE_NAMESPACE), String(version ?? 1));
  return `seeded ${count} products with images`;
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
