/**
 * Collects what a request spent its time on, for the Server-Timing header and the request log.
 * D1 calls are counted so the "≤ 2 queries on a cache miss, 0 on a hit" budget is observable.
 */
export class RequestTiming {
  d1Queries = 0;
  d1Ms = 0;
  /** Of d1Ms, the round trips that only read, and those that wrote (a batch with any write). */
  d1ReadMs = 0;
  d1WriteMs = 0;
  cache: "hit" | "miss" | null = null;
  /** Whether the whole page came from the page cache, or why it could not. */
  pageCache: "hit" | "miss" | "bypass" | null = null;
  /** The route pattern React Router matched (/products/:slug), set by the root middleware; null if none ran. */
  route: string | null = null;
  private readonly marks: { name: string; ms: number; desc?: string }[] = [];

  recordD1(ms: number, wrote = false) {
    this.d1Queries += 1;
    this.d1Ms += ms;
    if (wrote) this.d1WriteMs += ms;
    else this.d1ReadMs += ms;
  }

  recordCache(outcome: "hit" | "miss") {
    // A page that reads several entries is a hit only if every read was.
    this.cache = this.cache === "miss" || outcome === "miss" ? "miss" : "hit";
  }

  async measure<T>(name: string, work: () => Promise<T>, desc?: string): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.marks.push({ name, ms: performance.now() - start, desc });
    }
  }

  toHeader(totalMs: number): string {
    const parts = [`total;dur=${totalMs.toFixed(1)}`];
    if (this.cache) parts.push(`cache;desc="${this.cache}"`);
    if (this.pageCache) parts.push(`page;desc="${this.pageCache}"`);
    if (this.route) parts.push(`route;desc="${this.route.replaceAll('"', "")}"`);
    parts.push(`d1;dur=${this.d1Ms.toFixed(1)};desc="${this.d1Queries} queries"`);
    for (const mark of this.marks) {
      parts.push(`${mark.name};dur=${mark.ms.toFixed(1)}${mark.desc ? `;desc="${mark.desc}"` : ""}`);
    }
    return parts.join(", ");
  }
}

/**
 * Whether a response may carry Server-Timing. Query counts and database timings tell an outsider
 * which branch ran (an account exists or not), so they are sent only where we measure
 * (development and tests, which the benchmark and worker tests read) and to signed-in staff.
 */
export function serverTimingVisible(env: { APP_ENV: string }, viewer: { role: string } | null): boolean {
  if (env.APP_ENV === "development" || env.APP_ENV === "test") return true;
  return viewer?.role === "staff" || viewer?.role === "admin";
}
