import { describe, expect, it } from "vitest";
import { parseEnv } from "../../app/modules/platform/env.server";

const bindings = { DB: {}, KV: {}, MEDIA: {} };
const parse = (vars: Record<string, string>) => parseEnv({ ...bindings, ...vars } as unknown as Env);

describe("environment", () => {
  it("offers Google sign-in only when both credentials are set", () => {
    expect(parse({}).googleSignIn).toBe(false);
    expect(parse({ GOOGLE_CLIENT_ID: "id", GOOGLE_CLIENT_SECRET: "secret" }).googleSignIn).toBe(true);
    expect(() => parse({ GOOGLE_CLIENT_ID: "id" })).toThrow(/set both Google credentials/);
  });

  it("defaults Google's endpoints to Google and lets them be pointed elsewhere", () => {
    expect(parse({}).GOOGLE_TOKEN_URL).toBe("https://oauth2.googleapis.com/token");
    expect(parse({ GOOGLE_TOKEN_URL: "http://127.0.0.1:9/token" }).GOOGLE_TOKEN_URL).toBe("http://127.0.0.1:9/token");
  });

  it("refuses to run deployed without real secrets", () => {
    expect(() => parse({ APP_ENV: "production" })).toThrow(/COOKIE_SECRET/);
  });
});
