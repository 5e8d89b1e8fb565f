import { Resend } from "resend";
import { type AppEnv, standinUrl } from "../platform/env.server";

/** The real Resend SDK; without a key it posts to the local stand-in instead of api.resend.com. */
export function createResend(env: AppEnv): Resend {
  if (env.RESEND_API_KEY) return new Resend(env.RESEND_API_KEY);
  return new Resend("re_standin_local", { baseUrl: standinUrl(env).href.replace(/\/$/, "") });
}
