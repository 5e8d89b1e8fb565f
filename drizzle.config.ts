import { defineConfig } from "drizzle-kit";

// drizzle-kit only writes SQL; wrangler applies it (locally, in tests and remotely),
// so there is one migration path and drizzle never touches d1_migrations.
export default defineConfig({
  dialect: "sqlite",
  schema: "./database/schema.ts",
  out: "./database/migrations",
});
