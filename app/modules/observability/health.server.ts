import { catalogMeta } from "../../../database/schema";
import { createDatabase } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";

type CheckResult = "ok" | "fail";
export type HealthReport = { status: "ok" | "fail"; checks: { d1: CheckResult; kv: CheckResult; r2: CheckResult } };

type HealthBindings = Pick<Env, "DB" | "KV" | "MEDIA">;

/**
 * Checks that each binding answers a real, cheap request. D1 reads a table from the schema,
 * so an unmigrated database counts as down.
 */
export async function checkHealth(bindings: HealthBindings, logger: RequestContext["logger"]): Promise<HealthReport> {
  const probe = async (name: string, check: () => Promise<unknown>): Promise<CheckResult> => {
    try {
      await check();
      return "ok";
    } catch (error) {
      logger.warn("health check failed", { part: name, error: String(error) });
      return "fail";
    }
  };
  const [d1, kv, r2] = await Promise.all([
    probe("d1", () => createDatabase(bindings.DB).select({ version: catalogMeta.version }).from(catalogMeta).limit(1)),
    probe("kv", () => bindings.KV.get("health:probe")),
    probe("r2", () => bindings.MEDIA.head("health/probe")),
  ]);
  const checks = { d1, kv, r2 };
  return { status: Object.values(checks).every((c) => c === "ok") ? "ok" : "fail", checks };
}
