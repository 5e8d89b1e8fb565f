import { DurableObject } from "cloudflare:workers";

type Window = { start: number; count: number };

export type HitResult = { allowed: boolean; retryAfterSeconds: number; firstRefusal: boolean };

/**
 * One instance per limited key ("signIn:ip:203.0.113.9"). A Durable Object handles one call at a
 * time, so the count cannot be raced the way KV counters can: 50 concurrent attempts are counted
 * one by one. The window is kept in the object's storage so an eviction does not reset it.
 */
export class RateLimiter extends DurableObject {
  async hit(limit: number, windowSeconds: number): Promise<HitResult> {
    const now = Date.now();
    const windowMs = windowSeconds * 1000;
    let window = (await this.ctx.storage.get<Window>("window")) ?? { start: now, count: 0 };
    if (now - window.start >= windowMs) window = { start: now, count: 0 };
    const retryAfterSeconds = Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
    if (window.count > limit) return { allowed: false, retryAfterSeconds, firstRefusal: false };
    if (window.count === limit) {
      // Counted once past the limit, so the caller can record the start of a refusal exactly once.
      window.count += 1;
      await this.ctx.storage.put("window", window);
      return { allowed: false, retryAfterSeconds, firstRefusal: true };
    }
    window.count += 1;
    await this.ctx.storage.put("window", window);
    // Tidy up once the window is over, so idle keys cost nothing.
    await this.ctx.storage.setAlarm(window.start + windowMs);
    return { allowed: true, retryAfterSeconds: 0, firstRefusal: false };
  }

  async alarm() {
    await this.ctx.storage.deleteAll();
  }
}
