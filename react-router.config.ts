import type { Config } from "@react-router/dev/config";

export default {
  ssr: true,
  future: {
    // The Cloudflare Vite plugin runs the server build inside workerd via Vite's environment API.
    v8_viteEnvironmentApi: true,
    // Middleware gives loaders a typed RouterContextProvider instead of an untyped load context.
    v8_middleware: true,
    v8_splitRouteModules: true,
    v8_passThroughRequests: true,
    v8_trailingSlashAwareDataRequests: true,
  },
} satisfies Config;
