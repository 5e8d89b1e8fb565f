import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { addToBasket, chooseCollectionAndContinue, payWithTestCard, signedIn } from "./shop-helpers";

/** A guest buys one loaf and pays; returns the order number. */
async function placeOrder(page: Page, email: string, card?: string): Promise<string> {
  await addToBasket(page, "country-sourdough", "Country Sourdough");
  await page.goto("/checkout");
  await page.getByLabel("Name").fill("Olive Order");
  await page.getByLabel(/^Email/).fill(email);
  await chooseCollectionAndContinue(page);
  await payWithTestCard(page, card);
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  const number = (await page.locator("dd").first().textContent()) ?? "";
  await page.context().clearCookies();
  return number;
}

const DEMO_ACCOUNTS = {
  staff: { email: "staff@bandofbakers.example", password: "staff-demo-password" },
  admin: { email: "admin@bandofbakers.example", password: "admin-demo-password" },
};

async function openOrderAs(page: Page, role: keyof typeof DEMO_ACCOUNTS, number: string) {
  await signedIn(page, DEMO_ACCOUNTS[role].email, DEMO_ACCOUNTS[role].password);
  await page.getByRole("banner").getByRole("link", { name: "Admin", exact: true }).click();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Orders" }).click();
  await page.getByLabel("Order number or email").fill(number);
  await page.getByRole("button", { name: "Show orders" }).click();
  await page.getByRole("link", { name: number }).click();
  await expect(page.getByRole("heading", { name: `Order ${number}` })).toBeVisible();
}

test("staff take an order through baking to ready, and the customer's email is in the outbox", async ({
  page,
}, testInfo) => {
  const email = `collector-${testInfo.project.name}-${Date.now()}@example.com`;
  const number = await placeOrder(page, email);
  await openOrderAs(page, "staff", number);
  await expect(page.getByTestId("progress")).toHaveText("Not started");

  await page.getByRole("button", { name: "Start baking" }).click();
  await expect(page.getByTestId("progress")).toHaveText("Baking");
  await page.getByRole("button", { name: "Mark ready" }).click();
  await expect(page.getByTestId("progress")).toHaveText("Ready to collect");
  await expect(page.getByText("Baking → Ready to collect (Sam Staff)")).toBeVisible();

  await expect(async () => {
    await page.goto("/outbox");
    const message = page
      .getByRole("listitem")
      .filter({ hasText: `To ${email}` })
      .filter({ hasText: "is ready" });
    // Short waits inside: a page that is not there yet is reloaded, not stared at.
    await expect(message).toContainText(`Your Band of Bakers order ${number} is ready`, { timeout: 1_000 });
    await expect(message).toContainText("sent", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
});

test("an admin cancels an order with a full refund after confirming", async ({ page }, testInfo) => {
  const email = `refunded-${testInfo.project.name}-${Date.now()}@example.com`;
  const number = await placeOrder(page, email);
  await openOrderAs(page, "admin", number);

  await page.getByLabel("Reason").fill("Oven broke down");
  await page.getByLabel("Also cancel the order").check();
  await page.getByRole("button", { name: "Review refund" }).click();
  await expect(page.getByText(/Refund £[\d.]+ to the customer's card and cancel the order/)).toBeVisible();
  await page.getByRole("button", { name: /^Yes, refund/ }).click();

  await expect(page.getByText("Refund sent to Stripe and the customer emailed.")).toBeVisible();
  await expect(page.getByTestId("payment-status")).toHaveText("Refunded");
  await expect(page.getByTestId("progress")).toHaveText("Cancelled");
  await expect(page.getByText(/Refunded [\d.]+: Oven broke down \(Ada Admin\)/)).toBeVisible();
  // Nothing left to refund, so the form is gone.
  await expect(page.getByRole("button", { name: "Review refund" })).toHaveCount(0);
});

test("an admin's refund that Stripe fails later shows as failed, and the customer is not emailed", async ({
  page,
}, testInfo) => {
  const email = `refund-fails-${testInfo.project.name}-${Date.now()}@example.com`;
  // Stripe's test card whose refunds stay pending, then fail.
  const number = await placeOrder(page, email, "4000 0000 0000 5126");
  await openOrderAs(page, "admin", number);
  await page.getByRole("button", { name: "Review refund" }).click();
  await page.getByRole("button", { name: /^Yes, refund/ }).click();
  await expect(page.getByText("Stripe is processing the refund")).toBeVisible();
  await expect(page.getByText(/refund of £[\d.]+ in progress at Stripe/)).toBeVisible();

  await expect(async () => {
    await page.reload();
    await expect(page.getByText(/refund of £[\d.]+ failed: expired_or_canceled_card/)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId("payment-status")).toHaveText("Paid");
  await page.goto("/outbox");
  const messages = page.getByRole("listitem").filter({ hasText: `To ${email}` });
  await expect(messages).toHaveCount(1);
  await expect(messages).toContainText(`Your Band of Bakers order ${number}`);
});

test("on bake morning staff tick orders on the list and move them on together", async ({ page }, testInfo) => {
  const tag = `bulk-${testInfo.project.name}-${Date.now()}`;
  const first = await placeOrder(page, `${tag}-a@example.com`);
  const second = await placeOrder(page, `${tag}-b@example.com`);
  await signedIn(page, DEMO_ACCOUNTS.staff.email, DEMO_ACCOUNTS.staff.password);
  await page.goto("/admin/orders");
  await page.getByLabel("Order number or email").fill(tag);
  await page.getByRole("button", { name: "Show orders" }).click();
  await expect(page.getByRole("link", { name: second })).toBeVisible();

  await page.getByLabel(`Tick ${first}`).check();
  await page.getByLabel(`Tick ${second}`).check();
  await page.getByRole("button", { name: "Start baking" }).click();
  await expect(page.getByText('Moved 2 orders to "Baking".')).toBeVisible();
  for (const number of [first, second]) {
    await expect(page.getByRole("row").filter({ hasText: number })).toContainText("Baking");
  }

  // "Tick all" works without JavaScript too: every order still to move is ticked.
  await page.getByRole("link", { name: /^Tick all/ }).click();
  await expect(page.getByLabel(`Tick ${first}`)).toBeChecked();
  await page.getByRole("button", { name: "Mark ready" }).click();
  await expect(page.getByText('Moved 2 orders to "Ready".')).toBeVisible();
});

test("admins see last night's backup on the System page and check it", async ({ page }) => {
  // The nightly cron, as the scheduler would run it (wrangler's local trigger).
  const cron = await page.request.get(`/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("17 3 * * *")}`);
  expect(cron.ok()).toBe(true);
  await signedIn(page, DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password);
  await page.getByRole("banner").getByRole("link", { name: "Admin", exact: true }).click();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "System" }).click();
  await expect(page.getByRole("heading", { name: "System", level: 1 })).toBeVisible();
  await expect(page.getByText(/minutes? ago\)/)).toBeVisible();
  await expect(page.getByRole("listitem", { name: "Backups are out of date" })).toBeVisible();

  await page.getByRole("button", { name: "Check the newest backup now" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "The newest backup checked out: every chunk is there and matches its checksum.",
  );
  await expect(page.getByText(/Last check.*passed|: passed/).first()).toBeVisible();
});

test("a customer's address bounces: Resend's webhook marks the email, and staff see it on the order", async ({
  page,
}, testInfo) => {
  // The Resend stand-in bounces any address with "bounce" in it, and says so by signed webhook.
  const email = `bounce-${testInfo.project.name}-${Date.now()}@example.com`;
  const number = await placeOrder(page, email);
  await openOrderAs(page, "staff", number);
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("note")).toContainText(`Emails to ${email} bounced`, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole("note")).toContainText("Phone the customer");

  await page.context().clearCookies();
  await signedIn(page, DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password);
  await page.goto("/admin/outbox");
  await expect(
    page.getByRole("listitem", { name: `Your Band of Bakers order ${number}` }).getByText(/Resend: bounced/),
  ).toBeVisible();
});

test("an admin reads the shop's health on the System page, figures counted from the requests it served", async ({
  page,
}) => {
  await page.goto("/products/country-sourdough");
  await page.goto("/products/danish-rye");
  await signedIn(page, DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password);
  await page.getByRole("banner").getByRole("link", { name: "Admin", exact: true }).click();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "System" }).click();
  await expect(page.getByRole("heading", { name: "Health" })).toBeVisible();
  await expect(page.getByText(/[1-9]\d* requests in the last 24 hours/)).toBeVisible();
  const errorRate = page.getByRole("row", { name: /Error rate/ });
  await expect(errorRate).toContainText(/\d+(\.\d)? %/);
  await expect(errorRate).toContainText("under 0.5 %");
  await expect(errorRate).toContainText("over 1 %");
  await expect(page.getByRole("row", { name: /Database reads, 95th percentile/ })).toContainText(/\d+ ms/);
  await expect(page.getByRole("listitem", { name: "Too many requests fail" })).toBeVisible();
});
