// No imports: the seed script (plain Node) shares these with the Worker.

/** `{ns}:{entity}:{id}:{version}`: a write bumps the version, so no entry outlives a change. */
export function catalogCacheKey(ns: string, entity: string, id: string, version: number): string {
  return `${ns}:${entity}:${id}:${version}`;
}

/** Where the current catalogue version is mirrored in KV. */
export function catalogVersionKey(ns: string): string {
  return `${ns}:catalog-version`;
}
