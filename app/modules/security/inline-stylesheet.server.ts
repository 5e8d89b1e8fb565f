import stylesheet from "../../app.css?inline";

let hash: Promise<string> | undefined;

/**
 * The CSP source that lets the page's inlined stylesheet apply (decision 018): a hash of its text,
 * so cached pages need no per-response nonce for it and no other inline style is allowed.
 */
export function inlineStylesheetSource(): Promise<string> {
  hash ??= crypto.subtle
    .digest("SHA-256", new TextEncoder().encode(stylesheet))
    .then((digest) => `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`);
  return hash;
}
