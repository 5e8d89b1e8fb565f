import { z } from "zod";

/**
 * Everything the Worker reads from its environment, parsed once per isolate.
 * Bindings are checked for presence here so a misconfigured deploy fails loudly on the first
 * request instead of deep inside a loader.
 */
const EnvSchema = z.object({
  APP_ENV: z.enum(["development", "test", "staging", "production"]).default("development"),
  CACHE_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9-]+$/, "lowercase letters, digits and dashes")
    .default("bob"),
  APP_URL: z.url().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type AppEnv = z.infer<typeof EnvSchema>;

const parsed = new WeakMap<object, AppEnv>();

export function parseEnv(env: Env): AppEnv {
  const cached = parsed.get(env);
  if (cached) return cached;
  for (const binding of ["DB", "KV", "MEDIA"] as const) {
    if (!env[binding]) throw new Error(`Missing binding ${binding}: check wrangler.jsonc`);
  }
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    throw new Error(`Invalid environment: ${z.prettifyError(result.error)}`);
  }
  parsed.set(env, result.data);
  return result.data;
}

/** Local dev and tests run over plain http on localhost; everything else is https. */
export function isLocal(env: AppEnv): boolean {
  return env.APP_ENV === "development" || env.APP_ENV === "test";
}
