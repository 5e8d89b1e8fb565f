const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Endpoints that authenticate with a signature instead of a browser origin: webhooks, and
 * one-click unsubscribe (RFC 8058), which a mail provider posts from wherever it runs, its token
 * an HMAC bound to the list and the address.
 */
const SIGNED_ENDPOINTS = [/^\/webhooks\//, /^\/unsubscribe\/[a-z]+\/\d+\/[0-9a-f]+$/];

/**
 * CSRF defence for every form post: browsers send `Origin` (and `Sec-Fetch-Site`) with POSTs,
 * so a write from another site is refused before any action runs. SameSite=Lax cookies are the
 * second layer.
 */
export function isCrossSiteWrite(request: Request, url: URL): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  if (SIGNED_ENDPOINTS.some((pattern) => pattern.test(url.pathname))) return false;
  const origin = request.headers.get("Origin");
  if (origin) return origin !== url.origin;
  return request.headers.get("Sec-Fetch-Site") === "cross-site";
}
