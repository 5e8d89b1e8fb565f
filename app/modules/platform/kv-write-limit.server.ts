/**
 * KV as production limits it, for the bake-day burst benchmark (decision 018): a second write to
 * the same key within one second is refused, as Cloudflare's KV refuses it (429). Local KV
 * accepts any number of writes, so without this a design that writes one key per order would pass
 * every local test and fail in the first rush. Turned on only locally, by `KV_ONE_WRITE_PER_SECOND`.
 * It also keeps the most writes any key was asked for within one second, which the benchmark
 * reads from the `X-KV-Writes-Per-Key-Max` response header.
 */

const lastWrite = new Map<string, number>();
const attemptsInSecond = new Map<string, number>();
let mostAttempts = 0;

function attempt(key: string, now: number) {
  const slot = `${key}@${Math.floor(now / 1000)}`;
  const count = (attemptsInSecond.get(slot) ?? 0) + 1;
  attemptsInSecond.set(slot, count);
  mostAttempts = Math.max(mostAttempts, count);
  // Old seconds are forgotten, so a long run does not grow the map without end.
  if (attemptsInSecond.size > 10_000) attemptsInSecond.clear();
}

/** The most writes any one key was asked for within one second, since the Worker started. */
export function mostKvWritesPerKeyPerSecond(): number {
  return mostAttempts;
}

export function withKvWriteLimit(kv: KVNamespace): KVNamespace {
  return new Proxy(kv, {
    get(target, property) {
      if (property !== "put") return Reflect.get(target, property).bind(target);
      return async (key: string, ...rest: unknown[]) => {
        const now = Date.now();
        attempt(key, now);
        const previous = lastWrite.get(key);
        if (previous !== undefined && now - previous < 1000) {
          throw new Error("KV PUT failed: 429 Too Many Requests (one write a second per key)");
        }
        lastWrite.set(key, now);
        return (target.put as (...args: unknown[]) => Promise<void>)(key, ...rest);
      };
    },
  });
}
