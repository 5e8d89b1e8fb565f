/**
 * What this isolate last read of rarely-changing shared state (the catalogue version, the shop
 * calendar), reused for `SHARED_STATE_TRUST_MS` instead of read again on every request
 * (decision 018). `forget` is called after an edit made through this isolate; a read that began
 * before it is used by its own request but not kept. No imports: the seed script (plain Node)
 * loads the catalogue-change module that uses this.
 */
export function isolateMemo<T>() {
  let last: { value: T; at: number } | undefined;
  let forgets = 0;
  return {
    get(trustMs: number): T | undefined {
      return last && Date.now() - last.at < trustMs ? last.value : undefined;
    },
    /** Call before reading; call what it returns with the value read. */
    reading(): (value: T) => void {
      const forgetsBefore = forgets;
      return (value) => {
        if (forgets === forgetsBefore) last = { value, at: Date.now() };
      };
    },
    forget() {
      last = undefined;
      forgets += 1;
    },
  };
}
