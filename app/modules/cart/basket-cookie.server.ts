import { BASKET_COOKIE_MAX_AGE_SECONDS } from "../../lib/constants";
import { signedCookie } from "../platform/cookies.server";
import type { AppEnv } from "../platform/env.server";

const BASKET_ID = /^[0-9a-f-]{36}$/;

// Signed (HMAC via WebCrypto, inside React Router's createCookie), so a visitor cannot swap in
// someone else's basket id.
function basketCookie(env: AppEnv) {
  return signedCookie(env, "bob_basket", { maxAge: BASKET_COOKIE_MAX_AGE_SECONDS });
}

export async function readBasketId(env: AppEnv, request: Request): Promise<string | null> {
  const value = await basketCookie(env).parse(request.headers.get("Cookie"));
  return typeof value === "string" && BASKET_ID.test(value) ? value : null;
}

export function serializeBasketId(env: AppEnv, basketId: string): Promise<string> {
  return basketCookie(env).serialize(basketId);
}

export function clearBasketCookie(env: AppEnv): Promise<string> {
  return basketCookie(env).serialize("", { maxAge: 0 });
}
