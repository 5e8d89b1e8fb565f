/**
 * What an error report may carry out of the Worker (issue 16, decision 023). Sentry's own defaults
 * (sendDefaultPii off) already drop cookies and IP addresses; this is the second line, applied to
 * every event in `beforeSend`, so a secret that reached an error message, a breadcrumb or an extra
 * field by accident still never leaves.
 *
 * - Request headers: an allowlist. Cookie, Set-Cookie, Authorization, Stripe-Signature, the svix
 *   signature headers and anything unknown are dropped, not just the ones we thought of.
 * - Request bodies (form posts, webhooks) and cookies: dropped whole.
 * - Any field, at any depth, named like a secret (password, token, code, secret, signature, card,
 *   cvc, an email body) becomes "[Filtered]".
 * - In every remaining string: email addresses, card-like digit runs, the values of secret-like
 *   query parameters and the bound values of a failed query are masked.
 */
export const FILTERED = "[Filtered]";

/** Headers that say nothing about a person or a credential. */
export const SAFE_HEADERS = new Set([
  "accept",
  "accept-language",
  "content-type",
  "content-length",
  "referer",
  "user-agent",
]);

/** Field names whose values are credentials, one-time codes, card data or message bodies. */
const SECRET_FIELD =
  /pass(word|code|phrase)?|token|secret|signature|cookie|authori[sz]ation|card|cvc|cvv|otp|(^|[_-])code$|^(html|text|body|data)$|api[_-]?key|dsn/i;

/** Fields of Sentry's own shape that look secret-like by name but are not. */
const SAFE_FIELDS = new Set(["status_code", "statusCode", "data_category"]);

const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[a-z]{2,}/gi;
/** 13–19 digits, optionally in groups: a card number (any long run of digits is masked too). */
const CARD_NUMBER = /\b(?:\d[ -]?){12,18}\d\b/g;
const SECRET_QUERY =
  /((?:^|[?&])(?:[^=&#\s]*(?:token|code|secret|password|key|sig|session|email)[^=&#\s]*)=)[^&#\s]*/gi;

/** Drizzle's "Failed query: … params: a,b" names the bound values: a name, an address, an email. */
const QUERY_PARAMS = /(\nparams: )[\s\S]*$/;

export function scrubText(text: string): string {
  return text
    .replace(QUERY_PARAMS, `$1${FILTERED}`)
    .replace(SECRET_QUERY, `$1${FILTERED}`)
    .replace(EMAIL, FILTERED)
    .replace(CARD_NUMBER, FILTERED);
}

/** A copy of any JSON-like value with secret fields and secret-looking text masked. */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 12) return FILTERED;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_FIELD.test(key) && !SAFE_FIELDS.has(key) ? FILTERED : scrubValue(item, depth + 1);
  }
  return copy;
}

type ScrubbableEvent = {
  request?: {
    headers?: Record<string, string>;
    cookies?: unknown;
    data?: unknown;
    query_string?: unknown;
    url?: string;
    env?: unknown;
  };
  user?: unknown;
  breadcrumbs?: { category?: string }[];
  tags?: unknown;
};

/** The event as it may be sent: headers allowlisted, bodies and cookies gone, the rest masked. */
export function scrubEvent<E extends ScrubbableEvent>(event: E): E {
  if (event.request) {
    const { headers, cookies: _cookies, data: _data, env: _env, ...request } = event.request;
    event.request = {
      ...request,
      ...(headers && {
        headers: Object.fromEntries(Object.entries(headers).filter(([name]) => SAFE_HEADERS.has(name.toLowerCase()))),
      }),
    };
  }
  // Who was signed in is in our own logs by request id; the report needs no one's details.
  delete event.user;
  // Our log lines are in Workers Logs under the same request id; as breadcrumbs they would carry
  // whatever a log line held.
  if (event.breadcrumbs) event.breadcrumbs = event.breadcrumbs.filter((crumb) => crumb.category !== "console");
  // Tags are ours (request id, route pattern, job name), set from values that hold no one's data;
  // a request id of digits must not be masked as a card number.
  const { tags } = event;
  return { ...(scrubValue(event) as E), ...(tags !== undefined && { tags }) };
}
