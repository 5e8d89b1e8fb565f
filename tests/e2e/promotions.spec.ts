import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { addToBasket, chooseCollectionAndContinue, signedIn, signOut } from "./shop-helpers";

// One pattern: Playwright reads a two-element array as [value, options].
test.use({ expectedErrors: [/status of 40[09]/] });

/** A code no other run has used: codes are unique for good. */
const freshCode = (prefix: string) => `${prefix}-${Date.now().toString(36).toUpperCase()}`;

async function createCode(page: Page, code: string, percent: string) {
  await page.goto("/admin/promotions");
  const form = page.getByRole("form", { name: "New promotion code" });
  await form.getByLabel(/^Code/).fill(code);
  await form.getByLabel("A percentage").check();
  await form.getByLabel("Percentage off (%)").fill(percent);
  await form.getByRole("button", { name: "Create code" }).click();
  return form;
}

async function checkoutAsGuest(page: Page, email: string) {
  await page.goto("/checkout");
  await page.getByLabel("Name").fill("Penny Promo");
  await page.getByLabel(/^Email/).fill(email);
  await chooseCollectionAndContinue(page);
}

test("an admin creates a code and a shopper applies it in the basket: checkout, Stripe and the order show the discount", async ({
  page,
}, testInfo) => {
  const code = freshCode(`BASKET${testInfo.project.name === "js-on" ? "ON" : "OFF"}`);
  await signedIn(page, "admin@bandofbakers.example", "admin-demo-password");
  const form = await createCode(page, code, "200");
  await expect(form.getByLabel("Percentage off (%)")).toHaveAccessibleDescription(
    /Enter a whole percentage from 1 to 100/,
  );
  await createCode(page, code, "10");
  await expect(page.getByText(`${code} is ready`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(code) })).toContainText("10% off");
  await page.screenshot({ path: test.info().outputPath("admin-promotions.png"), fullPage: true });
  await signOut(page);

  await addToBasket(page, "country-sourdough", "Country Sourdough", 2);
  await page.goto("/basket");
  const promotion = page.getByRole("region", { name: "Promotion code" });
  await promotion.getByLabel("Code").fill("not-a-code");
  await promotion.getByRole("button", { name: "Apply code" }).click();
  await expect(page.getByRole("region", { name: "Promotion code" }).getByLabel("Code")).toHaveAccessibleDescription(
    /We don't recognise the code NOT-A-CODE/,
  );
  await page.getByRole("region", { name: "Promotion code" }).getByLabel("Code").fill(code.toLowerCase());
  await page.getByRole("region", { name: "Promotion code" }).getByRole("button", { name: "Apply code" }).click();
  await expect(page.getByTestId("basket-promotion")).toContainText(`${code}: 10% off, about −£0.96 on this basket`);
  await page.screenshot({ path: test.info().outputPath("basket-promotion.png"), fullPage: true });

  await page.goto("/checkout");
  await expect(page.getByTestId("checkout-discount")).toHaveText("−£0.96");
  await expect(page.getByTestId("checkout-total")).toHaveText("£8.64");
  await checkoutAsGuest(page, `promo-${Date.now()}@example.com`);
  // Stripe's page shows the discount it applied, and no code box (the shop sent one).
  await expect(page.getByRole("row", { name: /Discount/ })).toContainText("£0.96");
  await expect(page.getByLabel("Promotion code")).toHaveCount(0);
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Pay £8.64" }).click();
  await expect(page.getByRole("heading", { name: "Thank you for your order" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("order-discount")).toContainText(`Discount (${code})`);
  await expect(page.getByTestId("order-discount")).toContainText("£0.96");
});

test("without a code in the basket, the shopper types one on Stripe's payment page and the order records it", async ({
  page,
}, testInfo) => {
  const code = freshCode(`STRIPE${testInfo.project.name === "js-on" ? "ON" : "OFF"}`);
  await signedIn(page, "admin@bandofbakers.example", "admin-demo-password");
  await createCode(page, code, "25");
  await expect(page.getByText(`${code} is ready`)).toBeVisible();
  await signOut(page);

  await addToBasket(page, "country-sourdough", "Country Sourdough", 1);
  await checkoutAsGuest(page, `typed-${Date.now()}@example.com`);
  await page.getByLabel("Promotion code").fill(code);
  await page.getByRole("button", { name: "Apply code" }).click();
  await expect(page.getByRole("row", { name: /Discount/ })).toContainText("£1.20");
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Pay £3.60" }).click();
  await expect(page.getByRole("heading", { name: "Thank you for your order" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("order-discount")).toContainText(`Discount (${code})`);
});
