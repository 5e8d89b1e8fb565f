import { cloudflare } from "@cloudflare/vite-plugin";
import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

// BOB_STATE_DIR lets tests and benchmarks run against their own local D1/KV/R2 state
// instead of the developer's `.wrangler/state`.
const persistState = process.env.BOB_STATE_DIR ? { path: process.env.BOB_STATE_DIR } : true;

export default defineConfig({
  plugins: [cloudflare({ viteEnvironment: { name: "ssr" }, persistState }), tailwindcss(), reactRouter()],
});
