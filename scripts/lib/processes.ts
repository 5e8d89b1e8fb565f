/** Process plumbing shared by dev, serve-built, bench and audit. */
import { type ChildProcess, spawn } from "node:child_process";
import { bin, offlineEnv } from "./local-state.ts";

/** Ctrl-C or SIGTERM stops the helpers too; when the main process ends, so does this script. */
export function superviseChildren(main: ChildProcess, helpers: (ChildProcess | null)[]): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      for (const helper of helpers) helper?.kill(signal);
      main.kill(signal);
    });
  }
  main.on("exit", (code) => {
    for (const helper of helpers) helper?.kill();
    process.exit(code ?? 0);
  });
}

/**
 * Starts scripts/serve-built.ts in its own process group (so stopping it also stops wrangler's
 * workerd and the stand-ins) and waits until /health answers.
 */
export async function startBuiltServer(port: number, stateDir: string, extraEnv: Record<string, string> = {}) {
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn(bin("node"), ["scripts/serve-built.ts", stateDir, String(port)], {
    env: { ...offlineEnv, ...extraEnv },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const stop = () => {
    try {
      if (server.pid) process.kill(-server.pid, "SIGTERM");
    } catch {}
  };
  process.on("exit", stop);
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${origin}/health`)).ok) return { origin, stop };
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error(`the built Worker did not start on ${origin}`);
}
