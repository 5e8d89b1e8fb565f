import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";

/** Page states axe has checked in this worker, by `pageShape`. */
const scanned = new Set<string>();

/**
 * A page state's shape, computed in the page: its path and a hash of its elements' names, roles,
 * states and text lengths. Two visits to the same page in the same state have the same shape; an
 * error, an opened panel or a different product changes it.
 */
function pageShape(): string {
  let hash = 5381;
  const add = (text: string) => {
    for (let i = 0; i < text.length; i++) hash = ((hash << 5) + hash + text.charCodeAt(i)) | 0;
  };
  for (const element of Array.from(document.body.querySelectorAll("*"))) {
    add(element.tagName);
    for (const name of [
      "role",
      "aria-invalid",
      "aria-expanded",
      "aria-current",
      "aria-disabled",
      "type",
      "open",
      "hidden",
      "disabled",
    ]) {
      const value = element.getAttribute(name);
      if (value !== null) add(`${name}=${value}`);
    }
    if (element.childElementCount === 0) add(String(element.textContent?.length ?? 0));
  }
  return `${location.pathname} ${hash}`;
}

/**
 * Waits until the page has stopped changing before axe looks at it: no region marked busy (the
 * shop's grid fades while a search or sort loads) and no transition still running (the fade back
 * takes 150 ms, and axe reading colours mid-fade reports contrast the shopper never settles on).
 * An endless animation (a spinner) is not waited for; two seconds is the most this waits.
 */
async function settled(page: Page) {
  await page
    .waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 2000 })
    .catch(() => {});
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((animation) => animation.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY)
          .map((animation) => animation.finished.catch(() => {})),
      ),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]),
  );
}

/** In the page: starts noting changes to what is shown (classes, styles, busy, hidden, open). */
function watchForChange() {
  const page = window as unknown as { axeWatch?: { observer: MutationObserver; changed: boolean } };
  page.axeWatch?.observer.disconnect();
  const watch = { changed: false, observer: new MutationObserver(() => (watch.changed = true)) };
  watch.observer.observe(document.documentElement, {
    subtree: true,
    attributes: true,
    attributeFilter: ["class", "style", "aria-busy", "hidden", "open"],
  });
  page.axeWatch = watch;
}

/** In the page: whether anything shown changed since `watchForChange`, and stops watching. */
function changedSinceWatched(): boolean {
  const page = window as unknown as { axeWatch?: { observer: MutationObserver; changed: boolean } };
  const watch = page.axeWatch;
  watch?.observer.disconnect();
  page.axeWatch = undefined;
  return watch?.changed ?? false;
}

/** The WCAG 2.2 AA rules axe checks (levels A and AA of every version up to 2.2). */
const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/**
 * Every page must load without console errors or failed requests: a hydration mismatch or a
 * CSP-blocked script is a failure even if the page looks right.
 */
export const test = base.extend<{ pageErrors: string[]; expectedErrors: RegExp[]; accessibility: undefined }>({
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
  // Every state of the shop a test visits is checked with axe (issue 17): each page load (with
  // JavaScript off that is every state: each form answer is a page), and the state the test ends
  // in (with JavaScript on, states reached without a load). Only the shop's own pages: the Stripe
  // and Google stand-ins are someone else's. A scan the page moved on from mid-way is dropped (that
  // state was gone); a violation anywhere fails the test, listing where.
  accessibility: [
    async ({ page, baseURL }, use, testInfo) => {
      const shop = new URL(baseURL ?? "http://127.0.0.1").origin;
      const violations = new Map<string, string>();
      const scan = async () => {
        const url = page.url();
        if (!url.startsWith(shop)) return;
        try {
          await settled(page);
          // A state already checked in this run (the same page, the same elements) is not checked
          // again: the home page is opened by most tests, and axe takes about a second a page here.
          const state = `${testInfo.project.name} ${await page.evaluate(pageShape)}`;
          if (scanned.has(state)) return;
          scanned.add(state);
          await page.evaluate(watchForChange);
          const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
          if (page.url() !== url || (await page.evaluate(changedSinceWatched))) {
            // The test moved the page on while axe read it (a sort began, the grid faded): what
            // axe saw was half of two states. This one is dropped; the state the page settles in
            // is scanned at the next load or at the end.
            scanned.delete(state);
            return;
          }
          for (const violation of results.violations) {
            for (const node of violation.nodes) {
              const where = node.target.join(" ");
              violations.set(
                `${violation.id} ${where}`,
                `${new URL(url).pathname}: ${violation.id} (${violation.help}) at ${where}`,
              );
            }
          }
        } catch {
          // The page navigated while axe ran: that state is gone, the next load is scanned.
        }
      };
      let scans = Promise.resolve();
      page.on("load", () => {
        scans = scans.then(scan);
      });
      await use(undefined);
      scans = scans.then(scan);
      await scans;
      expect([...violations.values()], "accessibility violations (axe, WCAG 2.2 AA)").toEqual([]);
    },
    { auto: true },
  ],
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
