import { and, count, eq, isNotNull, isNull, lt } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { renderSVG } from "uqr";
import { recoveryCodes, users } from "../../../database/schema";
import { SHOP_NAME, TWO_FACTOR_RECOVERY_CODES, TWO_FACTOR_SETUP_MINUTES } from "../../lib/constants";
import type { RequestContext } from "../platform/request-context.server";
import { open, seal } from "./secret-box.server";

type TwoFactorContext = Pick<RequestContext, "db" | "kv" | "env">;

const PERIOD_SECONDS = 30;

function totp(secretBase32: string, email: string): TOTP {
  return new TOTP({
    issuer: SHOP_NAME,
    label: email,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/**
 * The 30-second step a code belongs to, or null: codes from the step before and after are
 * accepted too, for clocks that drift.
 */
function matchingStep(secretBase32: string, email: string, code: string, now = Date.now()): number | null {
  const delta = totp(secretBase32, email).validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

const setupKey = (ctx: TwoFactorContext, userId: number) => `${ctx.env.CACHE_NAMESPACE}:2fa-setup:${userId}`;

export type TwoFactorSetup = { secret: string; uri: string; qrSvgDataUri: string };

/**
 * The secret being set up, kept in KV (not the user row) until the user proves their app has it,
 * so an abandoned setup never locks anyone out. Reloading the page shows the same secret.
 */
export async function pendingSetup(
  ctx: TwoFactorContext,
  user: { id: number; email: string },
): Promise<TwoFactorSetup> {
  let secret = await ctx.kv.get(setupKey(ctx, user.id));
  if (!secret) {
    secret = new Secret({ size: 20 }).base32;
    await ctx.kv.put(setupKey(ctx, user.id), secret, { expirationTtl: TWO_FACTOR_SETUP_MINUTES * 60 });
  }
  const uri = totp(secret, user.email).toString();
  const svg = renderSVG(uri, { border: 2 });
  return { secret, uri, qrSvgDataUri: `data:image/svg+xml;base64,${btoa(svg)}` };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Ten codes like `k7qm-x2pd-9fhr`: 60 bits each, shown once, stored as hashes. */
function newRecoveryCodes(): string[] {
  return Array.from({ length: TWO_FACTOR_RECOVERY_CODES }, () => {
    const chars = [...crypto.getRandomValues(new Uint8Array(12))].map(
      (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length],
    );
    return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((part) => part.join("")).join("-");
  });
}

/**
 * Turns two-factor on once the user types a code from the pending secret. Returns the recovery
 * codes to show (once), or null when the code is wrong or the setup expired.
 */
export async function enableTwoFactor(
  ctx: TwoFactorContext,
  user: { id: number; email: string },
  code: string,
): Promise<string[] | null> {
  const secret = await ctx.kv.get(setupKey(ctx, user.id));
  if (!secret) return null;
  const step = matchingStep(secret, user.email, code);
  if (step === null) return null;
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map((c) => sha256Hex(normaliseRecoveryCode(c))));
  await ctx.db.batch([
    ctx.db
      .update(users)
      .set({
        totpSecret: await seal(ctx.env.COOKIE_SECRET, secret),
        totpEnabledAt: new Date().toISOString(),
        totpLastStep: step,
      })
      .where(eq(users.id, user.id)),
    ctx.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id)),
    ctx.db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId: user.id, codeHash }))),
  ]);
  await ctx.kv.delete(setupKey(ctx, user.id));
  return codes;
}

export async function disableTwoFactor(ctx: TwoFactorContext, userId: number): Promise<void> {
  await ctx.db.batch([
    ctx.db.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: 0 }).where(eq(users.id, userId)),
    ctx.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)),
  ]);
}

export async function twoFactorEnabled(ctx: Pick<RequestContext, "db">, userId: number): Promise<boolean> {
  const row = await ctx.db.select({ totpEnabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, userId)).get();
  return Boolean(row?.totpEnabledAt);
}

/**
 * Checks a second factor: a current authenticator code (each one works once: a conditional UPDATE
 * moves the last-used step forward, so a replayed or raced code fails) or an unused recovery code.
 */
export async function verifySecondFactor(ctx: TwoFactorContext, userId: number, input: string): Promise<boolean> {
  const { db } = ctx;
  const user = await db
    .select({ email: users.email, totpSecret: users.totpSecret })
    .from(users)
    .where(and(eq(users.id, userId), isNotNull(users.totpEnabledAt)))
    .get();
  if (!user?.totpSecret) return false;
  const code = input.replace(/\s/g, "");
  if (/^\d{6}$/.test(code)) {
    const step = matchingStep(await open(ctx.env.COOKIE_SECRET, user.totpSecret), user.email, code);
    if (step === null) return false;
    const moved = await db
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, userId), lt(users.totpLastStep, step)));
    return moved.meta.changes === 1;
  }
  const normalised = normaliseRecoveryCode(code);
  if (normalised.length !== 12) return false;
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date().toISOString() })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, await sha256Hex(normalised)),
        isNull(recoveryCodes.usedAt),
      ),
    );
  return used.meta.changes === 1;
}

export async function remainingRecoveryCodes(ctx: Pick<RequestContext, "db">, userId: number): Promise<number> {
  const row = await ctx.db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
    .get();
  return row?.n ?? 0;
}
