import { applyD1Migrations, env } from "cloudflare:test";
import { catalogIsEmpty, seedCatalog } from "../../database/seed/seed-catalog";

// The same SQL files wrangler applies locally and in production; then the demo catalogue,
// so tests browse the shop a newcomer sees.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
if (await catalogIsEmpty(env.DB)) await seedCatalog(env.DB);
