import { createServer } from "node:net";

/** Whether nothing listens on `port` (on any local address) right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once("error", () => resolve(false))
      .once("listening", () => probe.close(() => resolve(true)))
      .listen(port);
  });
}

/**
 * The first port from `from` on with `run` free ports in a row (the app, then its stand-ins), so a
 * second checkout, a preview or the tests can run beside `npm run dev` without choosing ports.
 */
export async function firstFreePorts(from: number, run = 1, tries = 200): Promise<number> {
  for (let port = from; port < from + tries; port++) {
    let free = true;
    for (let offset = 0; offset < run && free; offset++) free = await isPortFree(port + offset);
    if (free) return port;
  }
  throw new Error(`no ${run} free ports in a row from ${from}`);
}

/** `--port 3000` or `--port=3000` in a command line, and the line without it. */
export function takePortArgument(args: string[]): { port: number | null; rest: string[] } {
  const rest: string[] = [];
  let port: number | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--port" || arg === "-p") {
      port = Number(args[++i]);
    } else if (arg.startsWith("--port=")) {
      port = Number(arg.slice("--port=".length));
    } else {
      rest.push(arg);
    }
  }
  if (port !== null && !(Number.isInteger(port) && port > 0 && port < 65536))
    throw new Error("--port takes a port number");
  return { port, rest };
}
