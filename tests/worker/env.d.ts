import type { D1Migration } from "@cloudflare/vitest-plugin";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      EMPTY_DB: D1Database;
      MIGRATION_DB: D1Database;
      MIGRATION_DB_TOKENS: D1Database;
      MIGRATION_DB_PLAN: D1Database;
      MIGRATION_DB_OPTIONS: D1Database;
      MIGRATION_DB_VARIANTS: D1Database;
      MIGRATION_DB_CONTRACT: D1Database;
      REPLICA_DB: D1Database;
      BACKUP_SOURCE_DB: D1Database;
      RESTORE_DB: D1Database;
      /** Set by vitest.config.ts: this checkout's stand-in for Stripe and Resend. */
      STANDIN_URL: string;
      CATALOG_IMPORT_TOKEN: string;
      /** Set by vitest.config.ts: the local OpenID Connect stand-in for Google. */
      GOOGLE_AUTHORIZATION_URL: string;
    }
  }
}
