import { test as base, expect } from "@playwright/test";

/**
 * Every page must load without console errors or failed requests: a hydration mismatch or a
 * CSP-blocked script is a failure even if the page looks right.
 */
export const test = base.extend<{ pageErrors: string[]; expectedErrors: RegExp[] }>({
  expectedErrors: [[], { option: true }],
  // With JavaScript on, a page loads its scripts after the page itself (decision 018): a test
  // opening a page waits until it is interactive, as a person would see it become, before using
  // what only scripts do (a filter that applies as it is ticked). Pages React Router does not
  // render (an email preview) have nothing to wait for.
  page: async ({ page }, use, testInfo) => {
    if (jsEnabled(testInfo)) {
      for (const method of ["goto", "reload"] as const) {
        const original = page[method].bind(page) as (...args: unknown[]) => ReturnType<typeof page.goto>;
        Object.assign(page, {
          [method]: async (...args: unknown[]) => {
            const response = await original(...args);
            await page.waitForFunction(
              () => !("__reactRouterContext" in window) || document.documentElement.dataset.hydrated === "true",
            );
            return response;
          },
        });
      }
    }
    await use(page);
  },
  // Each test is its own visitor (Cloudflare sets CF-Connecting-IP in production), so the per-IP
  // sign-in limits of one test never spill into the next (nor into a retry after a failure).
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use) => {
    const [a, b] = crypto.getRandomValues(new Uint8Array(2));
    await use({ ...extraHTTPHeaders, "CF-Connecting-IP": `10.${a}.${b}.1` });
  },
  pageErrors: [
    async ({ page, expectedErrors }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(String(error)));
      page.on("response", (response) => {
        // 404s are expected on the not-found test; anything 5xx never is.
        if (response.status() >= 500) errors.push(`${response.status()} ${response.url()}`);
      });
      await use(errors);
      const unexpected = errors.filter((e) => !expectedErrors.some((pattern) => pattern.test(e)));
      expect(unexpected, "console errors or failed requests").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export function jsEnabled(testInfo: { project: { use: { javaScriptEnabled?: boolean } } }): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}
