/**
 * The catalogue as a spreadsheet and a photos folder (decision 033).
 *
 *   npm run catalog:export -- [--out DIR] [--remote --env production]
 *       writes DIR/catalog.csv and DIR/photos/ (default DIR: catalog-export)
 *   npm run catalog:import -- FILE.csv --photos DIR [--yes] [--chunk N] [--remote --env production]
 *       shows the dry run (added / changed / unchanged / errors by line and column), asks, then
 *       writes the rows a chunk at a time and uploads only photos whose SHA-256 the shop lacks
 *
 * Both go through the shop's catalogue API (/api/catalog), the one transactional way into D1 and
 * R2. Locally the script starts the built Worker on your local data (the same as `npm run dev`'s)
 * for the run; with --remote it talks to the environment's APP_URL (wrangler.jsonc) with the token
 * in CATALOG_IMPORT_TOKEN. Running an import again after an interruption finishes it: rows already
 * written are unchanged and photos already uploaded are skipped.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { stringify } from "csv-stringify/sync";
import { experimental_readRawConfig } from "wrangler";
import { CATALOG_COLUMN_NAMES, type CatalogRecord } from "../app/modules/catalog-io/catalog-column-list.ts";
import { firstFreePorts } from "./lib/free-port.ts";
import { bin, DEFAULT_STATE_DIR, offlineEnv, prepareLocalState } from "./lib/local-state.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: "string", default: "catalog-export" },
    photos: { type: "string" },
    remote: { type: "boolean", default: false },
    env: { type: "string" },
    url: { type: "string" },
    yes: { type: "boolean", default: false },
    chunk: { type: "string", default: "40" },
  },
});
const [command, file] = positionals;

type Target = { url: string; token: string; stop: () => Promise<void> };

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** The deployed shop: its APP_URL from wrangler.jsonc (or --url), its token from the environment. */
function remoteTarget(): Target {
  const token = process.env.CATALOG_IMPORT_TOKEN;
  if (!token)
    fail("Set CATALOG_IMPORT_TOKEN to the shop's catalogue import token (wrangler secret put CATALOG_IMPORT_TOKEN).");
  const { rawConfig } = experimental_readRawConfig({ config: join(import.meta.dirname, "../wrangler.jsonc") });
  const vars = (values.env ? rawConfig.env?.[values.env]?.vars : rawConfig.vars) as Record<string, string> | undefined;
  const url = values.url ?? vars?.APP_URL;
  if (!url) fail(`No APP_URL for ${values.env ?? "the top-level environment"} in wrangler.jsonc: pass --url.`);
  return { url, token, stop: async () => {} };
}

/** The built Worker on this machine's local data, with a token made for this run only. */
async function localTarget(): Promise<Target> {
  const stateDir = process.env.BOB_STATE_DIR ?? DEFAULT_STATE_DIR;
  if (!existsSync(join(import.meta.dirname, "../build/server/wrangler.json"))) fail("Run npm run build first.");
  await prepareLocalState({ stateDir });
  const port = await firstFreePorts(8790, 1);
  const token = randomBytes(24).toString("hex");
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(
    bin("wrangler"),
    [
      "dev",
      "-c",
      "build/server/wrangler.json",
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--persist-to",
      stateDir,
      "--var",
      `APP_URL:${url}`,
      "--var",
      `CATALOG_IMPORT_TOKEN:${token}`,
      "--var",
      "LOG_LEVEL:warn",
    ],
    // Quiet: wrangler's banner and request log are not this script's output.
    { stdio: "ignore", env: offlineEnv, detached: true },
  );
  const stop = async () => {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  };
  process.on("exit", () => {
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {}
    }
  });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, token, stop };
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  fail("The local shop did not start.");
}

async function call(target: Target, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = { Authorization: `Bearer ${target.token}`, ...(init.headers as Record<string, string>) };
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${target.url}/api/catalog/${path}`, { ...init, headers });
      if (response.status === 401) fail("The shop refused the catalogue import token.");
      if (response.status >= 500 && attempt < 4) throw new Error(`${response.status}`);
      return response;
    } catch (error) {
      if (attempt >= 4) throw error;
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function exportCatalog(target: Target) {
  const out = resolve(values.out ?? "catalog-export");
  mkdirSync(join(out, "photos"), { recursive: true });
  const { records, images } = (await (await call(target, "export")).json()) as {
    records: CatalogRecord[];
    images: Record<string, string>;
  };
  // Each product's first image, under its photo column's file name (or slug + the image's type).
  const bar = new cliProgress.SingleBar(
    { format: "photos {bar} {value}/{total} · {eta_formatted} left" },
    cliProgress.Presets.shades_classic,
  );
  bar.start(records.length, 0);
  for (const record of records) {
    const src = images[record.slug];
    const image = src ? await fetch(`${target.url}${src}`) : null;
    if (image?.ok) {
      const type = image.headers.get("Content-Type") ?? "";
      const extension = type.includes("png")
        ? "png"
        : type.includes("webp")
          ? "webp"
          : type.includes("avif")
            ? "avif"
            : "jpg";
      const name = record.photo || `${record.slug}.${extension}`;
      writeFileSync(join(out, "photos", name), Buffer.from(await image.arrayBuffer()));
      record.photo = name;
    }
    bar.increment();
  }
  bar.stop();
  writeFileSync(
    join(out, "catalog.csv"),
    stringify(records, { header: true, columns: CATALOG_COLUMN_NAMES, bom: true, record_delimiter: "windows" }),
  );
  console.log(
    `Wrote ${records.length} products to ${join(out, "catalog.csv")} and their photos to ${join(out, "photos")}.`,
  );
}

type Plan = {
  rows: {
    line: number;
    slug: string;
    kind: string;
    columns?: string[];
    errors?: { column: string; message: string }[];
  }[];
  counts: { added: number; changed: number; unchanged: number; errors: number };
};

function printPlan(plan: Plan) {
  const { added, changed, unchanged, errors } = plan.counts;
  console.log(`Dry run: ${added} added, ${changed} changed, ${unchanged} unchanged, ${errors} with errors.`);
  for (const row of plan.rows) {
    if (row.kind === "added") console.log(`  + line ${row.line} ${row.slug}`);
    if (row.kind === "changed") console.log(`  ~ line ${row.line} ${row.slug}: ${row.columns?.join(", ")}`);
    for (const error of row.errors ?? [])
      console.log(`  ! line ${row.line} ${row.slug || "(no slug)"}, ${error.column}: ${error.message}`);
  }
}

async function importCatalog(target: Target) {
  if (!file) fail("Usage: npm run catalog:import -- FILE.csv --photos DIR [--yes] [--remote --env production]");
  const csv = readFileSync(resolve(file), "utf8");
  const planned = await call(target, "plan", { method: "POST", body: csv, headers: { "Content-Type": "text/csv" } });
  const plan = (await planned.json()) as Plan & { message?: string };
  if (!planned.ok) fail(plan.message ?? `The shop answered ${planned.status}.`);
  printPlan(plan);
  if (plan.counts.errors > 0) fail("Nothing was written: correct the lines above and run the import again.");
  const photosDir = values.photos ? resolve(values.photos) : null;
  const toWrite = plan.counts.added + plan.counts.changed;
  if (toWrite > 0 && !values.yes) {
    const answer = await createInterface({ input: process.stdin, output: process.stdout }).question(
      `Write ${toWrite} products? [y/N] `,
    );
    if (!/^y(es)?$/i.test(answer.trim())) fail("Nothing was written.");
  }
  const started = Date.now();
  if (toWrite > 0) {
    const bar = new cliProgress.SingleBar(
      { format: "rows   {bar} {value}/{total} · {eta_formatted} left" },
      cliProgress.Presets.shades_classic,
    );
    bar.start(toWrite, 0);
    for (;;) {
      const response = await call(target, `apply?limit=${Number(values.chunk) || 40}`, {
        method: "POST",
        body: csv,
        headers: { "Content-Type": "text/csv" },
      });
      const result = (await response.json()) as {
        ok: boolean;
        applied: unknown[];
        refused: { line: number; slug: string; errors: { column: string; message: string }[] }[];
        remaining: number;
        message?: string;
      };
      if (!result.ok) {
        bar.stop();
        fail(result.message ?? "The shop refused the import.");
      }
      bar.increment(result.applied.length);
      for (const row of result.refused)
        for (const error of row.errors)
          console.log(`\n  ! line ${row.line} ${row.slug}, ${error.column}: ${error.message}`);
      if (result.remaining === 0 || result.applied.length === 0) break;
    }
    bar.stop();
  }
  if (photosDir) await syncPhotos(target, csv, photosDir);
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

/** Uploads the photos whose SHA-256 the shop does not have for their product; skips the rest. */
async function syncPhotos(target: Target, csv: string, dir: string) {
  const { parse } = await import("csv-parse/sync");
  const rows = parse(csv.replace(/^\uFEFF/, ""), { columns: true, skip_empty_lines: true }) as CatalogRecord[];
  const { photos } = (await (await call(target, "photos")).json()) as { photos: Record<string, string> };
  const files = new Set(existsSync(dir) ? readdirSync(dir) : []);
  const wanted = rows.filter((row) => row.photo);
  const missing = wanted.filter((row) => !files.has(row.photo));
  for (const row of missing) console.log(`  ! ${row.slug}: no ${row.photo} in ${dir}`);
  const changed = wanted
    .filter((row) => files.has(row.photo))
    .map((row) => ({ row, path: join(dir, row.photo), bytes: statSync(join(dir, row.photo)).size }))
    .map((photo) => ({ ...photo, data: readFileSync(photo.path) }))
    .map((photo) => ({ ...photo, sha: sha256(photo.data) }))
    .filter((photo) => photos[photo.row.slug] !== photo.sha);
  const skipped = wanted.length - missing.length - changed.length;
  const totalBytes = changed.reduce((sum, photo) => sum + photo.bytes, 0);
  console.log(
    `Photos: ${changed.length} to upload (${(totalBytes / 1024 / 1024).toFixed(1)} MB), ${skipped} unchanged.`,
  );
  if (changed.length === 0) return;
  const bar = new cliProgress.SingleBar(
    { format: "photos {bar} {value}/{total} files · {mb} of {totalMb} MB · {eta_formatted} left" },
    cliProgress.Presets.shades_classic,
  );
  let sent = 0;
  bar.start(changed.length, 0, { mb: "0.0", totalMb: (totalBytes / 1024 / 1024).toFixed(1) });
  for (const photo of changed) {
    const response = await call(target, `photos/${photo.row.slug}`, {
      method: "PUT",
      body: photo.data,
      headers: {
        "Content-Type": "application/octet-stream",
        "X-Content-SHA256": photo.sha,
        "X-File-Name": photo.row.photo,
      },
    });
    sent += photo.bytes;
    if (!response.ok)
      console.log(
        `\n  ! ${photo.row.slug} (${photo.row.photo}): ${((await response.json()) as { message?: string }).message}`,
      );
    bar.increment(1, { mb: (sent / 1024 / 1024).toFixed(1) });
  }
  bar.stop();
  // Each new photo's smaller sizes are made by the shop's image queue: wait for them locally,
  // where the Worker stops when this script ends.
  for (let i = 0; i < 240; i++) {
    const { awaitingVariants } = (await (await call(target, "photos")).json()) as { awaitingVariants: number };
    if (awaitingVariants === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
}

if (command !== "export" && command !== "import") fail("Usage: node scripts/catalog.ts export|import …");
const target = values.remote || values.url ? remoteTarget() : await localTarget();
try {
  if (command === "export") await exportCatalog(target);
  else await importCatalog(target);
} finally {
  await target.stop();
}
