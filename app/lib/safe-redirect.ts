/**
 * Only same-site paths: "/basket" yes, "//evil.example" or "https://evil.example" no.
 * Used for every `redirectTo` that arrives in a form or query string.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
