/**
 * The catalogue API's bearer token (decision 033), compared as SHA-256 digests so the comparison
 * takes the same time whatever the guess.
 */
async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`catalog-token:${text}`)));
}

export async function catalogTokenMatches(secret: string, authorization: string | null): Promise<boolean> {
  const presented = /^Bearer (\S{1,200})$/.exec(authorization ?? "")?.[1];
  if (!presented) return false;
  const [a, b] = await Promise.all([digest(secret), digest(presented)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
