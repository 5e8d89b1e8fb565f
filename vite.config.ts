import { cloudflare } from "@cloudflare/vite-plugin";
import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

// BOB_STATE_DIR lets tests and benchmarks run against their own local D1/KV/R2 state
// instead of the developer's `.wrangler/state`.
const persistState = process.env.BOB_STATE_DIR ? { path: process.env.BOB_STATE_DIR } : true;
// scripts/dev.ts passes the origin and stand-in URLs for the ports it chose.
const devVars: Record<string, string> = process.env.BOB_DEV_VARS ? JSON.parse(process.env.BOB_DEV_VARS) : {};

export default defineConfig({
  plugins: [
    cloudflare({
      viteEnvironment: { name: "ssr" },
      persistState,
      config: (worker) => ({ vars: { ...worker.vars, ...devVars } }),
    }),
    tailwindcss(),
    reactRouter(),
  ],
  // The form libraries are only imported by form pages: bundled up front in development, so the
  // first visit to one does not make Vite re-bundle, reload, and briefly load React twice.
  optimizeDeps: { include: ["@conform-to/react", "@conform-to/zod/v4", "zod"] },
});
