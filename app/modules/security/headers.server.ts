type SecurityOptions = {
  nonce: string;
  local: boolean;
  dev: boolean;
  /** Where forms may lead: checkout redirects the browser to Stripe's hosted page. */
  formActionOrigins?: string[];
  /** Where scripts may send requests besides us: R2's S3 endpoint for direct image uploads. */
  connectOrigins?: string[];
  /** CSP sources for the inlined stylesheet (its hash). */
  styleSources?: string[];
};

/**
 * Content-Security-Policy with a per-response nonce: only scripts the server rendered run.
 * 'strict-dynamic' lets those scripts load the route chunks they import.
 */
export function contentSecurityPolicy({
  nonce,
  dev,
  formActionOrigins = [],
  connectOrigins = [],
  styleSources = [],
}: SecurityOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": [`'nonce-${nonce}'`, "'strict-dynamic'"],
    "style-src": ["'self'", ...styleSources],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...connectOrigins],
    "form-action": ["'self'", ...formActionOrigins],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
  };
  if (dev) {
    // Vite's dev server injects styles inline and talks to the page over a websocket.
    directives["style-src"].push("'unsafe-inline'");
    directives["connect-src"].push("ws:");
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

export function applySecurityHeaders(headers: Headers, options: SecurityOptions): void {
  const isHtml = headers.get("Content-Type")?.includes("text/html") ?? false;
  // A response that brings its own policy keeps it (the local outbox's email preview: no scripts
  // at all, inline styles as a mail app would show them).
  if (isHtml && !headers.has("Content-Security-Policy")) {
    headers.set("Content-Security-Policy", contentSecurityPolicy(options));
  }
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  // DENY, unless the response framed itself on purpose (a newsletter's preview, shown in its page).
  if (!headers.has("X-Frame-Options")) headers.set("X-Frame-Options", "DENY");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(self)");
  // HSTS over plain-http localhost would be ignored at best and sticky at worst.
  if (!options.local) headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload");
}
