import { createCookie } from "react-router";
import { type AppEnv, isLocal } from "./env.server";

/**
 * Every cookie the shop sets: signed (HMAC with COOKIE_SECRET via WebCrypto, inside React Router's
 * createCookie) so a visitor cannot forge or swap its value, HttpOnly, SameSite=Lax, and Secure
 * wherever the shop is served over https. Only the name, the path it is sent to and how long it
 * lives differ.
 */
export function signedCookie(env: AppEnv, name: string, { path = "/", maxAge }: { path?: string; maxAge: number }) {
  return createCookie(name, {
    httpOnly: true,
    secure: !isLocal(env),
    sameSite: "lax",
    path,
    maxAge,
    secrets: [env.COOKIE_SECRET],
  });
}
