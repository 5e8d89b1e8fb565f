/**
 * npm run bench:backup [-- --orders 100000]
 *
 * Builds a synthetic shop of N orders (with their items, events, confirmation emails and
 * customers) in its own local state, backs it up with the Worker's own export code, verifies the
 * backup, restores it into a second, empty state and compares checksums, reporting time, D1
 * reads, R2 writes and this process's peak memory for each step (decision 020).
 */
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { writeBackup } from "../app/modules/backup/export.ts";
import { backupFolder, r2Reader } from "../app/modules/backup/format.ts";
import { restoreBackup } from "../app/modules/backup/restore.ts";
import { verifyBackup } from "../app/modules/backup/verify.ts";
import { offlineEnv, openLocalStorage, prepareLocalState, readMigrations } from "./lib/local-state.ts";

const { values } = parseArgs({ options: { orders: { type: "string", default: "100000" } } });
const ORDERS = Number(values.orders);
const SOURCE = ".state/bench-backup";
const TARGET = ".state/bench-backup-restored";
process.env = { ...offlineEnv, ...process.env };

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Runs `work` and reports its time, this process's CPU, and memory above where it started: the
 * live heap (sampled after a full garbage collection every 250 ms, so garbage is not counted) and
 * the most the heap and buffers reached with garbage included.
 */
async function measured<T>(label: string, work: () => Promise<T>): Promise<T> {
  const gc = globalThis.gc ?? (() => {});
  gc();
  const start = process.memoryUsage();
  let peakLive = start.heapUsed + start.arrayBuffers;
  let peakHeap = start.heapUsed;
  let peakBuffers = start.arrayBuffers;
  const sample = setInterval(() => {
    const raw = process.memoryUsage();
    peakHeap = Math.max(peakHeap, raw.heapUsed);
    peakBuffers = Math.max(peakBuffers, raw.arrayBuffers);
  }, 20);
  const live = setInterval(() => {
    gc();
    const now = process.memoryUsage();
    peakLive = Math.max(peakLive, now.heapUsed + now.arrayBuffers);
  }, 250);
  const cpu = process.cpuUsage();
  const began = performance.now();
  try {
    return await work();
  } finally {
    clearInterval(sample);
    clearInterval(live);
    const seconds = (performance.now() - began) / 1000;
    const used = process.cpuUsage(cpu);
    console.log(
      `${label.padEnd(10)} ${seconds.toFixed(1).padStart(7)} s   CPU here ${((used.user + used.system) / 1e6).toFixed(1).padStart(6)} s   ` +
        `live +${mb(peakLive - start.heapUsed - start.arrayBuffers).padStart(8)}   with garbage: heap +${mb(peakHeap - start.heapUsed)}, buffers ${mb(peakBuffers)}`,
    );
  }
}

/** Counts the D1 reads the export makes: each is one query against the Worker's per-invocation limit. */
function counting(d1: D1Database, counter: { queries: number }): D1Database {
  return new Proxy(d1, {
    get(target, property) {
      if (property !== "prepare") return Reflect.get(target, property);
      return (query: string) => {
        const statement = target.prepare(query);
        return new Proxy(statement, {
          get(inner, name) {
            if (name === "bind") return (...args: unknown[]) => counting1(inner.bind(...args), counter);
            if (name === "all" || name === "first" || name === "run" || name === "raw") counter.queries += 1;
            const value = Reflect.get(inner, name);
            return typeof value === "function" ? value.bind(inner) : value;
          },
        });
      };
    },
  });
}
function counting1(statement: D1PreparedStatement, counter: { queries: number }): D1PreparedStatement {
  return new Proxy(statement, {
    get(inner, name) {
      if (name === "all" || name === "first" || name === "run" || name === "raw") counter.queries += 1;
      const value = Reflect.get(inner, name);
      return typeof value === "function" ? value.bind(inner) : value;
    },
  });
}

const GENERATE_STEP = 10_000;
/** A confirmation email about the size react-email renders one (about 7 kB with its text). */
const EMAIL_HTML = `'<!DOCTYPE html><html><body><table>' || replace(hex(zeroblob(120)), '00', '<tr><td>Country Sourdough × 1</td><td>£4.50</td></tr>') || '</table></body></html>'`;

async function generate(db: D1Database) {
  const customers = Math.max(1, Math.round(ORDERS / 5));
  const range = (from: number, to: number) =>
    `WITH RECURSIVE n(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM n WHERE i < ${to})`;
  for (let from = 1; from <= customers; from += GENERATE_STEP) {
    const to = Math.min(customers, from + GENERATE_STEP - 1);
    await db
      .prepare(
        `${range(from, to)} INSERT INTO users (email, name, role, password_hash) SELECT 'customer' || i || '@example.com', 'Customer ' || i, 'customer', 'pbkdf2$' || hex(randomblob(48)) FROM n`,
      )
      .run();
  }
  for (let from = 1; from <= ORDERS; from += GENERATE_STEP) {
    const to = Math.min(ORDERS, from + GENERATE_STEP - 1);
    await db.batch([
      db.prepare(
        `${range(from, to)} INSERT INTO orders (id, number, access_token, email, name, phone, status, fulfilment, slot_date, slot_time, delivery_address, delivery_postcode, subtotal_pence, total_pence, stripe_payment_intent_id, reservation_expires_at, paid_at)
         SELECT 1000000 + i, 'BB' || printf('%07d', i), hex(randomblob(24)), 'customer' || (1 + i % ${customers}) || '@example.com', 'Customer ' || i || ' O''Brien 🍞',
                '07700 900' || printf('%03d', i % 1000), 'paid', CASE WHEN i % 3 = 0 THEN 'delivery' ELSE 'collection' END,
                date('2026-01-01', '+' || (i % 330) || ' days'), '09:00', CASE WHEN i % 3 = 0 THEN i || ' Mill Lane' || char(10) || 'Bristol' END,
                CASE WHEN i % 3 = 0 THEN 'BS1 3QY' END, 900 + i % 2000, 900 + i % 2000, 'pi_' || hex(randomblob(12)), '2026-01-01T10:00:00.000Z', '2026-01-01T09:05:00.000Z'
         FROM n`,
      ),
      db.prepare(
        `${range(from, to)}, k(j) AS (VALUES (1), (2), (3))
         INSERT INTO order_items (order_id, product_id, name, unit_price_pence, quantity)
         SELECT 1000000 + i, p.id, p.name, p.price_pence, 1 + i % 3 FROM n JOIN k ON j <= 1 + i % 3
         JOIN products p ON p.id = (SELECT min(id) FROM products) + (i + j) % (SELECT count(*) FROM products)`,
      ),
      db.prepare(
        `${range(from, to)}, k(kind) AS (VALUES ('paid'), ('baking'), ('ready'))
         INSERT INTO order_events (order_id, kind, detail) SELECT 1000000 + i, kind, 'Staff marked the order ' || kind || ' at the counter.' FROM n, k`,
      ),
      db.prepare(
        `${range(from, to)} INSERT INTO email_outbox (kind, order_id, recipient, subject, html, text, status, attempts, provider_id, sent_at)
         SELECT 'order-confirmation', 1000000 + i, 'customer' || (1 + i % ${customers}) || '@example.com', 'Your Band of Bakers order BB' || printf('%07d', i),
                ${EMAIL_HTML}, replace(hex(zeroblob(40)), '00', 'Country Sourdough × 1   £4.50' || char(10)), 'sent', 1, hex(randomblob(16)), '2026-01-01T09:05:01.000Z'
         FROM n`,
      ),
    ]);
  }
}

rmSync(SOURCE, { recursive: true, force: true });
rmSync(TARGET, { recursive: true, force: true });
await prepareLocalState({ stateDir: SOURCE });
const source = await openLocalStorage(SOURCE);
const target = await openLocalStorage(TARGET);
try {
  console.log(`bench:backup — ${ORDERS} orders (node ${process.version}, ${process.execArgv.join(" ") || "no flags"})`);
  await measured("generate", () => generate(source.env.DB));
  const folder = backupFolder(new Date());
  const counter = { queries: 0 };
  const manifest = await measured("backup", () =>
    writeBackup(counting(source.env.DB, counter), source.env.MEDIA, folder, new Date()),
  );
  console.log(
    `           ${manifest.totals.rows} rows, ${mb(manifest.totals.bytes)} in ${manifest.totals.chunks} chunks (largest ${mb(Math.max(...manifest.tables.flatMap((t) => t.chunks.map((c) => c.bytes))))}); ` +
      `${counter.queries} D1 queries, ${manifest.totals.chunks + 1} R2 writes`,
  );
  await measured("verify", () => verifyBackup(r2Reader(source.env.MEDIA), folder));
  const report = await measured("restore", () =>
    restoreBackup(target.env.DB, r2Reader(source.env.MEDIA), folder, readMigrations()),
  );
  const mismatched = report.tables.filter((t) => t.expected !== t.restored);
  for (const name of ["users", "orders", "order_items", "order_events", "email_outbox"]) {
    const table = report.tables.find((t) => t.name === name);
    console.log(`           ${name.padEnd(14)} ${String(table?.restored).padStart(8)} restored of ${table?.expected}`);
  }
  console.log(
    `checksums ${report.checksumsMatch ? "identical" : "DIFFERENT"}; row counts ${mismatched.length ? `differ in ${mismatched.map((t) => t.name).join(", ")}` : "all match"}`,
  );
  if (!report.checksumsMatch || mismatched.length) process.exitCode = 1;
} finally {
  await target.dispose();
  await source.dispose();
}
