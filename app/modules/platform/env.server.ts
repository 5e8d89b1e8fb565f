import { z } from "zod";

/**
 * Everything the Worker reads from its environment, parsed once per isolate.
 * Bindings are checked for presence here so a misconfigured deploy fails loudly on the first
 * request instead of deep inside a loader.
 */
// Local development and tests sign cookies with a fixed, public secret; deployed environments
// must set COOKIE_SECRET (wrangler secret put COOKIE_SECRET) or the Worker refuses to start.
const LOCAL_COOKIE_SECRET = "local-development-cookie-secret-not-for-production";

const EnvSchema = z
  .object({
    APP_ENV: z.enum(["development", "test", "staging", "production"]).default("development"),
    CACHE_NAMESPACE: z
      .string()
      .regex(/^[a-z0-9-]+$/, "lowercase letters, digits and dashes")
      .default("bob"),
    APP_URL: z.url().optional(),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    COOKIE_SECRET: z.string().min(32, "at least 32 characters").optional(),
  })
  .transform((env, ctx) => {
    const local = env.APP_ENV === "development" || env.APP_ENV === "test";
    if (!env.COOKIE_SECRET && !local) {
      ctx.addIssue({ code: "custom", path: ["COOKIE_SECRET"], message: "required outside development" });
      return z.NEVER;
    }
    return { ...env, COOKIE_SECRET: env.COOKIE_SECRET ?? LOCAL_COOKIE_SECRET };
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
