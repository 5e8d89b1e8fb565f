import { expect, jsEnabled, test } from "./fixtures";
import { addToBasket } from "./shop-helpers";

test("fill a basket, change a quantity and remove a line", async ({ page }, testInfo) => {
  const basketLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Basket/ });

  await page.goto("/products/country-sourdough");
  await expect(basketLink).toContainText("0");
  await page.getByLabel("Quantity").selectOption("2");
  await page.getByRole("button", { name: "Add to basket Country Sourdough" }).click();
  if (jsEnabled(testInfo)) {
    // With JavaScript the shopper stays on the product page.
    await expect(page.getByText(/Added to your basket/)).toBeVisible();
    await expect(page).toHaveURL(/\/products\/country-sourdough$/);
  } else {
    await expect(page).toHaveURL(/\/basket$/);
  }
  await expect(basketLink).toContainText("2");

  await page.goto("/products/cinnamon-bun");
  await page.getByRole("button", { name: "Add to basket Cinnamon Bun" }).click();
  await expect(basketLink).toContainText("3");

  await basketLink.click();
  await expect(page).toHaveURL(/\/basket$/);
  await expect(page.getByText("Subtotal (3 items)")).toBeVisible();
  await expect(page.getByText("£12.80")).toBeVisible(); // 2 × £4.80 + £3.20

  await page.getByLabel("Quantity of Cinnamon Bun").fill("4");
  await page.getByRole("button", { name: "Update Cinnamon Bun" }).click();
  await expect(page.getByText("Subtotal (6 items)")).toBeVisible();
  await expect(basketLink).toContainText("6");

  await page.getByRole("button", { name: "Remove Country Sourdough" }).click();
  await expect(page.getByText("Subtotal (4 items)")).toBeVisible();
  await expect(page.getByRole("link", { name: "Country Sourdough" })).toHaveCount(0);
});

test.describe("a quantity the server refuses", () => {
  test.use({ expectedErrors: [/status of 400/] });

  test("is shown by the field with the typed value kept", async ({ page }) => {
    await page.goto("/products/seeded-sourdough");
    await page.getByRole("button", { name: "Add to basket Seeded Sourdough" }).click();
    // JS on: the confirmation (the header count alone is optimistic). JS off: the basket page.
    await expect(page.getByText(/Added to your basket/).or(page.getByText("Subtotal (1 item)"))).toBeVisible();
    await page.goto("/basket");
    const quantity = page.getByLabel("Quantity of Seeded Sourdough");
    // Bypass the browser's own max check to see the server's answer.
    await quantity.evaluate((input: HTMLInputElement) => input.removeAttribute("max"));
    await quantity.fill("100");
    await page.getByRole("button", { name: "Update Seeded Sourdough" }).click();
    await expect(quantity).toHaveAccessibleDescription(/You can buy up to 99 of each item/);
    // Said first: a summary that takes focus links to the line's quantity, and the title says so.
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link", { name: /You can buy up to 99 of each item/ })).toHaveAttribute(
      "href",
      /^#quantity-\d+$/,
    );
    await expect(page).toHaveTitle(/^Error: /);
    await expect(quantity).toHaveValue("100");
    await expect(quantity).toHaveAttribute("aria-invalid", "true");
  });
});

test("adding to the basket from the keyboard keeps focus on the button and says so once, in view on a phone", async ({
  page,
}, testInfo) => {
  test.skip(!jsEnabled(testInfo), "Without JavaScript the basket page itself is the answer");
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto("/products/cinnamon-bun");
  const add = page.getByRole("button", { name: "Add to basket Cinnamon Bun" });
  await add.focus();
  await page.keyboard.press("Enter");
  const added = page.getByRole("status").filter({ hasText: "Added to your basket (1 item)." });
  await expect(added).toBeVisible();
  await expect(add).toBeFocused();
  await expect(added).toBeInViewport();
  // One announcement: the basket count in the header is not a live region of its own.
  await expect(page.locator("header [aria-live]")).toHaveCount(0);
});

test("on a phone the basket's line totals line up with the subtotal, and the day picker stays in its card", async ({
  page,
}) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await addToBasket(page, "cinnamon-bun", "Cinnamon Bun", 2);
  await page.goto("/basket");
  const lineTotal = page
    .getByRole("main")
    .getByRole("listitem")
    .filter({ hasText: "Cinnamon Bun" })
    .getByText(/^£[\d.]+$/);
  const subtotal = page.getByTestId("basket-subtotal");
  const [line, sum] = [await lineTotal.boundingBox(), await subtotal.boundingBox()];
  expect(Math.abs((line?.x ?? 0) + (line?.width ?? 0) - ((sum?.x ?? 0) + (sum?.width ?? 0)))).toBeLessThanOrEqual(4);
  const picker = page.getByLabel("Bake day");
  const card = page.locator("form", { has: picker }).locator("..");
  const [select, box] = [await picker.boundingBox(), await card.boundingBox()];
  expect((select?.x ?? 0) + (select?.width ?? 0)).toBeLessThanOrEqual((box?.x ?? 0) + (box?.width ?? 0));
});
