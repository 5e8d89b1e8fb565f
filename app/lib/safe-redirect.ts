// Any origin that cannot be ours: a value that resolves anywhere else is not a same-site path.
const PROBE_ORIGIN = "https://redirect-check.invalid";

/**
 * A same-origin path (with its query and fragment) or the fallback. Used for every `redirectTo`
 * that arrives in a form, query string or cookie (docs/decisions/009-security-rules.md).
 *
 * Browsers strip tabs and line breaks from URLs and treat "\" as "/", so "/\t/evil.example" and
 * "/\\evil.example" would leave the site: any control character or backslash is refused outright.
 * What remains is resolved against a dummy origin and kept only if it stays there, and only as
 * path + search + hash, which can never start with "//" after normalising.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.length > 2000) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") ? fallback : path;
}
