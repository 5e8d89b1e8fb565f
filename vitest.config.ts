import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { testPorts } from "./scripts/lib/test-ports.ts";
import { localGoogleVars } from "./scripts/standins/local-google.ts";
import { localSentryDsn } from "./scripts/standins/local-sentry.ts";

const migrationsDir = fileURLToPath(new URL("./database/migrations", import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            // The built Worker (npm run build), so SELF.fetch goes through React Router exactly
            // as in production; tests import modules from app/ directly for everything else.
            main: "./build/server/index.js",
            wrangler: { configPath: "./wrangler.jsonc" },
            miniflare: {
              bindings: {
                APP_ENV: "test",
                CACHE_NAMESPACE: "test",
                LOG_LEVEL: "warn",
                // The tests change the catalogue version and the calendar from outside the Worker
                // (another copy of the modules), so the Worker must read them afresh every request.
                SHARED_STATE_TRUST_MS: "0",
                // The origin the tests' requests use (tests/worker/helpers.ts ORIGIN): links in emails.
                APP_URL: "https://shop.test",
                // The catalogue API's token (decision 033); tests/worker/catalog-import.test.ts sends it.
                CATALOG_IMPORT_TOKEN: "test-catalog-import-token-0123456789abcdef",
                // The stand-ins global-setup starts on this checkout's own ports.
                STANDIN_URL: `http://127.0.0.1:${testPorts().worker}`,
                ...localGoogleVars(testPorts().worker + 1),
                // Error reports go to the Sentry stand-in, so every test runs with reporting on.
                SENTRY_DSN: localSentryDsn(testPorts().worker),
                TEST_MIGRATIONS: await readD1Migrations(migrationsDir),
              },
              // A database with no migrations applied: what /health must report as down.
              // MIGRATION_DB*: where a migration is tried on data written under the schema before it
              // (one database per migration test, each migrated once).
              d1Databases: {
                EMPTY_DB: "empty-db",
                MIGRATION_DB: "migration-db",
                MIGRATION_DB_TOKENS: "migration-db-tokens",
                MIGRATION_DB_PLAN: "migration-db-plan",
                MIGRATION_DB_OPTIONS: "migration-db-options",
                MIGRATION_DB_VARIANTS: "migration-db-variants",
                MIGRATION_DB_CONTRACT: "migration-db-contract",
                // Backups (issue 15): a database to back up that no other test file writes to (the
                // alerts test uses it too and empties what it reads: reset() leaves these two alone),
                // and the empty database restores go into. No more D1 databases: with 11, every request in these tests
                // took 70 ms instead of 2 (measured on /livez), so keep this list at 10.
                BACKUP_SOURCE_DB: "backup-source-db",
                RESTORE_DB: "restore-db",
                // A read replica that lags behind DB (decision 018's Sessions API test).
                REPLICA_DB: "replica-db",
              },
            },
          })),
        ],
        test: {
          name: "worker",
          include: ["tests/worker/**/*.test.ts"],
          setupFiles: ["./tests/worker/setup.ts"],
          globalSetup: ["./tests/worker/global-setup.ts"],
          isolate: false,
        },
      },
    ],
  },
});
