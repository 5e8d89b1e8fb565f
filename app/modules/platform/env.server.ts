import { z } from "zod";
import { RATE_LIMITS, type RateLimitName } from "../../lib/constants";
import { STANDIN_RESEND_WEBHOOK_SECRET, STANDIN_WEBHOOK_SECRET } from "./standin-secrets";

/**
 * Everything the Worker reads from its environment, parsed once per isolate.
 * Bindings are checked for presence here so a misconfigured deploy fails loudly on the first
 * request instead of deep inside a loader.
 */
// Local development and tests sign cookies with a fixed, public secret; deployed environments
// must set COOKIE_SECRET (wrangler secret put COOKIE_SECRET) or the Worker refuses to start.
const LOCAL_COOKIE_SECRET = "local-development-cookie-secret-not-for-production";

const RateLimitOverridesSchema = z
  .object(
    Object.fromEntries(
      Object.keys(RATE_LIMITS).map((name) => [
        name,
        z
          .object({ limit: z.number().int().min(1), windowSeconds: z.number().int().min(1) })
          .partial()
          .strict()
          .optional(),
      ]),
    ) as Record<
      RateLimitName,
      z.ZodOptional<z.ZodObject<{ limit: z.ZodOptional<z.ZodNumber>; windowSeconds: z.ZodOptional<z.ZodNumber> }>>
    >,
  )
  .strict();

type RateLimit = { limit: number; windowSeconds: number };

function mergeRateLimits(overrides: z.infer<typeof RateLimitOverridesSchema>): Record<RateLimitName, RateLimit> {
  const names = Object.keys(RATE_LIMITS) as RateLimitName[];
  return Object.fromEntries(names.map((name) => [name, { ...RATE_LIMITS[name], ...overrides[name] }])) as Record<
    RateLimitName,
    RateLimit
  >;
}

function parseJson(text: string, ctx: z.RefinementCtx): unknown {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: "custom", message: "must be JSON" });
    return z.NEVER;
  }
}

const EnvSchema = z
  .object({
    APP_ENV: z.enum(["development", "test", "staging", "production"]).default("development"),
    CACHE_NAMESPACE: z
      .string()
      .regex(/^[a-z0-9-]+$/, "lowercase letters, digits and dashes")
      .default("bob"),
    // The shop's one public origin: links in emails and Stripe's return URLs use it, never the
    // Host a request happened to arrive on. Required wherever the shop is deployed.
    APP_URL: z
      .url()
      .transform((url) => new URL(url).origin)
      .optional(),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    COOKIE_SECRET: z.string().min(32, "at least 32 characters").optional(),
    // Stripe: with no key, the real SDK talks to the local stand-ins (npm run dev starts them).
    STRIPE_SECRET_KEY: z.string().startsWith("sk_").optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
    // The catalogue import/export API's bearer token (decision 033): `npm run catalog:import --
    // --remote` sends it. Without it the API answers 404. At least 32 characters.
    CATALOG_IMPORT_TOKEN: z.string().min(32, "at least 32 characters").optional(),
    // Resend's webhook signing secret (svix): delivery, bounce and complaint events.
    RESEND_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
    // Where the local stand-ins listen; npm run dev, the tests and the preview set it for the
    // ports they chose (see standinUrl).
    STANDIN_URL: z.url().optional(),
    // The Analytics Engine dataset the METRICS binding writes to (wrangler.jsonc, per environment):
    // the System page's queries read it by name.
    METRICS_DATASET: z
      .string()
      .regex(/^[a-z0-9_]+$/, "lowercase letters, digits and underscores")
      .default("bob_metrics_dev"),
    // Local only: also post each metrics point to the stand-in's Analytics Engine, so the System
    // page has figures locally (decision 024). The benchmark sets 0: production has no such cost.
    LOCAL_METRICS: z.enum(["0", "1"]).default("1"),
    // Reading metrics back (the Analytics Engine SQL API): the account and an API token with
    // "Account Analytics: Read". Without them deployed, the System page says metrics are off.
    ANALYTICS_ACCOUNT_ID: z.string().min(1).optional(),
    ANALYTICS_API_TOKEN: z.string().min(1).optional(),
    // Sentry: where error reports go (decision 023); none are sent without it. Optional everywhere:
    // the shop runs without error tracking. npm run dev, the preview and the tests point it at the
    // stand-in.
    SENTRY_DSN: z.url().optional(),
    // Resend: with no key, the real SDK posts to the same local stand-in (STANDIN_URL).
    RESEND_API_KEY: z.string().startsWith("re_").optional(),
    EMAIL_FROM: z.string().default("Band of Bakers <orders@bandofbakers.example>"),
    // Google sign-in is offered only when both credentials are set. The endpoints default to
    // Google's and are configurable so tests and local development can use a local OIDC provider.
    GOOGLE_CLIENT_ID: z.string().min(1).optional(),
    GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
    GOOGLE_AUTHORIZATION_URL: z.url().default("https://accounts.google.com/o/oauth2/v2/auth"),
    GOOGLE_TOKEN_URL: z.url().default("https://oauth2.googleapis.com/token"),
    GOOGLE_USERINFO_URL: z.url().default("https://openidconnect.googleapis.com/v1/userinfo"),
    // R2's S3 API, for browsers to upload images straight to the bucket with a presigned PUT. Without
    // them (local development), the Worker signs an equivalent upload URL of its own.
    R2_ACCOUNT_ID: z.string().min(1).optional(),
    R2_ACCESS_KEY_ID: z.string().min(1).optional(),
    R2_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    R2_BUCKET_NAME: z.string().min(1).optional(),
    // Local only: KV refuses a second write to a key within a second, as in production (the
    // bake-day burst benchmark; decision 018).
    KV_ONE_WRITE_PER_SECOND: z.enum(["0", "1"]).default("0"),
    // How long an isolate reuses what it last read of rarely-changing shared state (the catalogue
    // version, the shop calendar) before reading it again (decision 018). The worker tests set 0:
    // they change that state from outside the Worker.
    SHARED_STATE_TRUST_MS: z.coerce.number().int().min(0).max(5_000).default(1_000),
    // Per-environment rate limits over the production defaults, as JSON (a string from
    // `--var`/`.dev.vars`, or an object in wrangler.jsonc): {"checkout":{"limit":1000}}.
    RATE_LIMIT_OVERRIDES: z
      .union([z.string().transform((text, ctx) => parseJson(text, ctx)), z.record(z.string(), z.unknown())])
      .pipe(RateLimitOverridesSchema)
      .optional(),
  })
  .transform((env, ctx) => {
    const local = env.APP_ENV === "development" || env.APP_ENV === "test";
    if (!local) {
      // Deployed shops never fall back to stand-ins or the public development secret.
      for (const name of [
        "APP_URL",
        "COOKIE_SECRET",
        "STRIPE_SECRET_KEY",
        "STRIPE_WEBHOOK_SECRET",
        "RESEND_API_KEY",
        "RESEND_WEBHOOK_SECRET",
      ] as const) {
        if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "required outside development" });
      }
    }
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_WEBHOOK_SECRET"], message: "required with STRIPE_SECRET_KEY" });
    }
    if (Boolean(env.GOOGLE_CLIENT_ID) !== Boolean(env.GOOGLE_CLIENT_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: ["GOOGLE_CLIENT_SECRET"],
        message: "set both Google credentials or neither",
      });
    }
    return {
      ...env,
      /** Whether the "Continue with Google" button is shown and /auth/google works. */
      googleSignIn: Boolean(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET),
      /** Whether browsers upload straight to R2 (presigned S3 PUT) rather than through our signed route. */
      r2DirectUploads: Boolean(
        env.R2_ACCOUNT_ID && env.R2_ACCESS_KEY_ID && env.R2_SECRET_ACCESS_KEY && env.R2_BUCKET_NAME,
      ),
      COOKIE_SECRET: env.COOKIE_SECRET ?? LOCAL_COOKIE_SECRET,
      STRIPE_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET ?? STANDIN_WEBHOOK_SECRET,
      /** With a real Resend key and no secret, the webhook accepts nothing (the stand-in's secret is public). */
      RESEND_WEBHOOK_SECRET: env.RESEND_WEBHOOK_SECRET ?? (env.RESEND_API_KEY ? null : STANDIN_RESEND_WEBHOOK_SECRET),
      /** True when payments go to the local stand-in (or a Stripe test key): shown as a banner. */
      paymentsTestMode: !env.STRIPE_SECRET_KEY || env.STRIPE_SECRET_KEY.startsWith("sk_test_"),
      /** The limits in force: production's, with this environment's overrides. */
      rateLimits: mergeRateLimits(env.RATE_LIMIT_OVERRIDES ?? {}),
    };
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

/** The local stand-ins' URL, for the SDKs that have no key configured. */
export function standinUrl(env: Pick<AppEnv, "STANDIN_URL">): URL {
  if (!env.STANDIN_URL) {
    throw new Error(
      "STANDIN_URL is not set and no provider key is configured: start the shop with npm run dev or npm run preview",
    );
  }
  return new URL(env.STANDIN_URL);
}
