import type { Page } from "@playwright/test";
import { expect, jsEnabled, test } from "./fixtures";
import { addToBasket, chooseCollectionAndContinue } from "./shop-helpers";

async function fillDetailsAndContinue(page: Page, email: string) {
  await page.getByLabel("Name").fill("Ada Baker");
  await page.getByLabel(/^Email/).fill(email);
  await chooseCollectionAndContinue(page);
}

test("buy two products for collection, pay, see the paid order and the email", async ({ page }, testInfo) => {
  const email = `shopper-${testInfo.project.name}@example.com`;
  await addToBasket(page, "country-sourdough", "Country Sourdough");
  await addToBasket(page, "butter-croissant", "Butter Croissant", 2);

  await page.goto("/basket");
  await page.getByLabel("Quantity of Butter Croissant").fill("3");
  await page.getByRole("button", { name: "Update Butter Croissant" }).click();
  await expect(page.getByText("Subtotal (4 items)")).toBeVisible();
  await page.getByRole("link", { name: "Checkout" }).click();

  await expect(page.getByRole("heading", { name: "Checkout" })).toBeVisible();
  await fillDetailsAndContinue(page, email);

  // The stand-in's hosted checkout: 4 items, £4.80 + 3 × £2.60 = £12.60.
  await expect(page.getByText("£12.60").first()).toBeVisible();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: /^Pay £/ }).click();

  await expect(page).toHaveURL(/\/checkout\/success\?session_id=cs_/);
  await expect(page.getByRole("heading", { name: "Thank you for your order" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  const orderNumber = (await page.locator("dd").first().textContent()) ?? "";
  expect(orderNumber).toMatch(/^BB-[A-Z2-9]{6}$/);

  // The basket became the order.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Basket/ })).toContainText("0");

  // The order page (the guest's way back) and the confirmation email in the local outbox.
  await page.getByRole("link", { name: "Your order page" }).click();
  await expect(page.getByRole("heading", { name: `Order ${orderNumber}` })).toBeVisible();
  await expect(async () => {
    await page.goto("/outbox");
    const message = page.getByRole("listitem").filter({ hasText: `To ${email}` });
    // Short waits inside: a page that is not there yet is reloaded, not stared at.
    await expect(message).toContainText(`Your Band of Bakers order ${orderNumber}`, { timeout: 1_000 });
    await expect(message).toContainText("sent", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
});

test.describe("a declined card", () => {
  test.use({ expectedErrors: [/status of 402/] });

  test("leaves the order unpaid and the stock reserved", async ({ page }, testInfo) => {
    // The soonest day on sale: the one checkout offers first.
    await page.goto("/products/chocolate-olive-oil-cake");
    const bakeDays = page.getByRole("region", { name: "Bake days" }).getByRole("listitem");
    const [, day = "", left = "0"] =
      (
        await bakeDays
          .filter({ hasText: / left$/ })
          .first()
          .textContent()
      )?.match(/^(.*?): (\d+) left/) ?? [];
    const before = Number(left);
    expect(before).toBeGreaterThan(0);

    await addToBasket(page, "chocolate-olive-oil-cake", "Chocolate Olive Oil Cake");
    await page.goto("/checkout");
    await fillDetailsAndContinue(page, `declined-${testInfo.project.name}@example.com`);
    await page.getByLabel("Card number").fill("4000 0000 0000 0002");
    await page.getByRole("button", { name: /^Pay £/ }).click();
    await expect(page.getByRole("alert")).toHaveText("Your card was declined.");

    // The unpaid order still holds its cake on that day.
    await page.goto("/products/chocolate-olive-oil-cake");
    const after = before - 1;
    await expect(bakeDays.filter({ hasText: day })).toHaveText(`${day}: ${after > 0 ? `${after} left` : "sold out"}`);
  });
});

test.describe("one visitor holding many unpaid orders", () => {
  test.use({ expectedErrors: [/status of 429/] });

  test("a fourth unpaid checkout is refused with a clear message, and the basket is kept", async ({ page }) => {
    // Three checkouts left at the payment page, each from a fresh basket: each holds stock and a slot.
    for (let i = 0; i < 3; i++) {
      await page.context().clearCookies();
      await addToBasket(page, "country-sourdough", "Country Sourdough");
      await page.goto("/checkout");
      await fillDetailsAndContinue(page, `holder${i}@example.com`);
      await expect(page.getByLabel("Card number")).toBeVisible();
    }
    await page.context().clearCookies();
    await addToBasket(page, "country-sourdough", "Country Sourdough");
    await page.goto("/checkout");
    await page.getByLabel("Name").fill("Ada Baker");
    await page.getByLabel(/^Email/).fill("holder3@example.com");
    await page.getByLabel("Collect from the bakery (free)").check();
    const slot = page.getByLabel("Collection time");
    await slot.selectOption(
      (await slot.locator("option:not([disabled]):not([value=''])").first().getAttribute("value")) ?? "",
    );
    await page.getByRole("button", { name: "Continue to payment" }).click();
    await expect(page.getByText(/You already have 3 orders waiting for payment/)).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveValue("Ada Baker");
    await page.goto("/basket");
    await expect(page.getByRole("link", { name: "Country Sourdough" })).toBeVisible();
  });
});

test("pay by bank transfer: the order waits, the bank settles it, then it is paid with one email", async ({
  page,
}, testInfo) => {
  const email = `bank-${testInfo.project.name}-${Date.now()}@example.com`;
  await addToBasket(page, "country-sourdough", "Country Sourdough");
  await page.goto("/checkout");
  await fillDetailsAndContinue(page, email);
  const bank = `${new URL(page.url()).origin}/bank`;
  await page.getByRole("button", { name: "Pay by bank transfer instead" }).click();

  await expect(
    page.getByRole("heading", { name: "Thank you: your order is waiting for your bank payment" }),
  ).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("Awaiting bank payment");
  const number = (await page.locator("dd").first().textContent()) ?? "";
  await page.getByRole("link", { name: "Your order page" }).click();
  const orderPage = page.url();

  // Days later, the money arrives.
  await page.goto(bank);
  await page.getByRole("button", { name: new RegExp(`^Settle ${number}`) }).click();
  await page.goto(orderPage);
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  await expect(async () => {
    await page.goto("/outbox");
    const messages = page.getByRole("listitem").filter({ hasText: `To ${email}` });
    await expect(messages).toHaveCount(1, { timeout: 1_000 });
    await expect(messages).toContainText(`Your Band of Bakers order ${number}`, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
});

test.describe("checkout says what you pay", () => {
  test.use({ expectedErrors: [/status of 400/] });

  test("the total follows collection or delivery, the delivery minimum is said up front, and no click is lost", async ({
    page,
  }, testInfo) => {
    const js = jsEnabled(testInfo);
    await addToBasket(page, "country-sourdough", "Country Sourdough");
    await page.goto("/checkout");
    const total = page.getByTestId("checkout-total");
    await expect(total).toHaveText("£4.80");
    // Under the delivery minimum: said before anyone chooses delivery.
    await expect(
      page.getByText("Your basket is £4.80: add £15.20 more for delivery, or collect it free."),
    ).toBeVisible();

    // A mistyped email, then straight to "Local delivery": the click lands (nothing moves under it).
    await page.getByLabel("Name").fill("Della Delivery");
    await page.getByLabel(/^Email/).fill("not-an-email");
    await page.getByLabel(/^Local delivery/).click();
    await expect(page.getByLabel(/^Local delivery/)).toBeChecked();

    if (js) {
      // Live: the fee is added as delivery is chosen, and only delivery's fields show.
      await expect(total).toHaveText("£8.30");
      await expect(page.getByLabel("Collection time")).toBeHidden();
      await expect(page.getByLabel("Delivery address")).toBeVisible();
    } else {
      // Both boxes keep their fields; "Update total" shows the total with what was typed kept.
      await expect(page.getByLabel("Collection time")).toBeVisible();
      await expect(total).toHaveText("£4.80");
      await page.getByRole("button", { name: "Update total" }).click();
      await expect(total).toHaveText("£8.30");
      await expect(page.getByLabel(/^Local delivery/)).toBeChecked();
      await expect(page.getByLabel("Name")).toHaveValue("Della Delivery");
      await expect(page).not.toHaveTitle(/^Error/);
      await expect(page.getByText("There is a problem")).toHaveCount(0);
      // Without JavaScript the browser itself stops a mistyped email (the schema's native
      // constraints), so it is corrected before the server sees the rest.
      await page.getByLabel(/^Email/).fill("della@example.com");
    }

    // Submitting: every problem at once, the minimum among them, in one round (the browser checks
    // the day and the minimum too, with JavaScript).
    await page.getByRole("button", { name: "Continue to payment" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link", { name: /Delivery needs an order of at least £20.00/ })).toBeVisible();
    await expect(summary.getByRole("link", { name: "Choose a delivery day" })).toBeVisible();
    if (js) await expect(summary.getByRole("link", { name: /Enter an email address/ })).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveValue("Della Delivery");

    // Back to collection: free again.
    await page.getByLabel("Collect from the bakery (free)").check();
    if (!js) await page.getByRole("button", { name: "Update total" }).click();
    await expect(total).toHaveText("£4.80");
  });
});
