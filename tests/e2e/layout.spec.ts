import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signedIn } from "./shop-helpers";

/** Nothing on the page is wider than the screen: a wide table scrolls in its own box, not the page. */
async function fitsTheScreen(page: Page) {
  const [content, screen, widest] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
    Array.from(document.body.querySelectorAll("*"))
      // Past the edge itself, or its text spilling out of it (a long word in a fixed-width box).
      .filter(
        (element) =>
          element.getBoundingClientRect().right > window.innerWidth + 0.5 ||
          (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX === "visible"),
      )
      .slice(-3)
      .map(
        (element) =>
          `<${element.tagName.toLowerCase()} class="${element.className}">${element.textContent?.slice(0, 40)}`,
      )
      .join("; "),
  ]);
  expect(content, `${page.url()} is ${content} px wide on a ${screen} px screen: ${widest}`).toBeLessThanOrEqual(
    Number(screen),
  );
}

for (const width of [320, 375]) {
  test(`staff screens fit a ${width} px phone: tables scroll in their own box`, async ({ page }) => {
    await page.setViewportSize({ width, height: 740 });
    await signedIn(page, "admin@bandofbakers.example", "admin-demo-password");
    for (const path of ["/admin", "/admin/orders", "/admin/products", "/admin/system"]) {
      await page.goto(path);
      await fitsTheScreen(page);
    }
    // The orders table is wider than the phone: its box scrolls, and a keyboard can reach it to.
    await page.goto("/admin/orders");
    const box = page.getByRole("region", { name: "Order list" });
    const [scrollWidth, clientWidth] = await box.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    await box.focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  });

  test(`the shop fits a ${width} px phone, two products to a row`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 740 });
    // A category named with one long word, as staff may type (another test's timestamped name once
    // spilled out of its home-page tile and widened the page by 8 px at 320 px).
    await signedIn(page, "admin@bandofbakers.example", "admin-demo-password");
    await page.goto("/admin/categories");
    const form = page.getByRole("form", { name: "Add category" });
    await form.getByLabel("Name").fill(`Roggenvollkornbrote${testInfo.project.name}${width}${Date.now()}`);
    await form.getByRole("button", { name: "Add category" }).click();
    await expect(page.getByText("Category added.")).toBeVisible();
    for (const path of ["/", "/shop", "/products/country-sourdough", "/basket", "/checkout"]) {
      await page.goto(path);
      await fitsTheScreen(page);
    }
    await page.goto("/shop");
    const cards = page.locator("main article");
    const [first, second] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
    expect(second?.y).toBe(first?.y);
    expect((second?.x ?? 0) > (first?.x ?? 0)).toBe(true);
  });
}

test("the dashboard's sales chart is drawn in the bakery's colour, with labels a phone can read", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signedIn(page, "admin@bandofbakers.example", "admin-demo-password");
  await page.goto("/admin");
  const bar = page.locator("figure svg rect").first();
  const fill = await bar.evaluate((el) => getComputedStyle(el).fill);
  expect(fill).not.toBe("rgb(0, 0, 0)");
  const firstDay = page.locator("figure > div span").first();
  const size = await firstDay.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(12);
});
