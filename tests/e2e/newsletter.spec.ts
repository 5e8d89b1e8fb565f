import { expect, test } from "./fixtures";
import {
  addToBasket,
  chooseCollectionAndContinue,
  linkFromOutbox,
  payWithTestCard,
  signedIn,
  signOut,
  signUp,
} from "./shop-helpers";

// The send refused until its box is ticked answers 400, which the browser logs.
test.use({ expectedErrors: [/status of 400/] });

const STAFF = { email: "staff@bandofbakers.example", password: "staff-demo-password" };

test("a shopper asks for the newsletter at checkout, staff write, preview and send it, and the shopper unsubscribes from the email's link", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const email = `news-${testInfo.project.name}-${Date.now()}@example.com`;
  await addToBasket(page, "country-sourdough", "Country Sourdough");
  await page.goto("/checkout");
  await page.getByLabel("Name").fill("Nora News");
  await page.getByLabel(/^Email/).fill(email);
  const box = page.getByLabel(/Send me “This week's bake” by email/);
  await expect(box).not.toBeChecked();
  await box.check();
  await chooseCollectionAndContinue(page);
  await payWithTestCard(page);

  await signedIn(page, STAFF.email, STAFF.password);
  await page.goto("/admin/newsletters");
  const subject = `Cardamom buns are back (${testInfo.project.name} ${Date.now()})`;
  const write = page.getByRole("form", { name: "Write a newsletter" });
  await write.getByLabel(/^Subject/).fill(subject);
  await write.getByLabel(/^Text/).fill("## This Saturday\n\nCardamom buns, and the **first rye** of the winter.");
  await write.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  const preview = page.frameLocator('iframe[title="Preview of the email"]');
  await expect(preview.getByText("Cardamom buns, and the")).toBeVisible();
  await expect(preview.getByRole("link", { name: "Unsubscribe" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("newsletter-draft.png"), fullPage: true });

  const send = page.getByRole("form", { name: "Send the newsletter" });
  await send.getByRole("button", { name: "Send newsletter" }).click();
  await expect(
    page.getByRole("form", { name: "Send the newsletter" }).getByRole("checkbox"),
  ).toHaveAccessibleDescription(/Tick the box to say this newsletter is ready to go/);
  await page.getByRole("form", { name: "Send the newsletter" }).getByRole("checkbox").check();
  await page
    .getByRole("form", { name: "Send the newsletter" })
    .getByRole("button", { name: "Send newsletter" })
    .click();
  await expect(page.getByText(/Sending to \d+ subscribers?/)).toBeVisible();
  // The email queue sends it in the background; the page says how far it has got.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Sent", { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await signOut(page);

  // The shopper's copy, in the local outbox, carries their own unsubscribe link.
  await page.goto("/outbox");
  const copy = page
    .getByRole("listitem")
    .filter({ hasText: `To ${email}` })
    .filter({ hasText: subject });
  await expect(copy).toHaveCount(1);
  const link = ((await copy.textContent()) ?? "").match(
    /https?:\/\/\S+\/unsubscribe\/newsletter\/\d+\/[0-9a-f]{32}/,
  )?.[0];
  expect(link).toBeTruthy();
  await page.goto(link ?? "");
  await expect(page.getByRole("heading", { level: 1, name: "Unsubscribe" })).toBeVisible();
  await expect(page.getByText(/Stop sending “This week's bake”, our newsletter to n…@example.com\?/)).toBeVisible();
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "You're unsubscribed" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Emails about your orders keep coming");
  await page.screenshot({ path: testInfo.outputPath("unsubscribed.png"), fullPage: true });
});

test("a customer turns the newsletter on and off from their account", async ({ page }, testInfo) => {
  const email = `reader-${testInfo.project.name}-${Date.now()}@example.com`;
  await signUp(page, { name: "Rita Reader", email, password: "a loaf a day keeps" });
  await page.goto(await linkFromOutbox(page, email, "/verify-email"));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByText("Signed in as Rita Reader")).toBeVisible();

  await page.goto("/account");
  await page.getByRole("link", { name: "Newsletter: off" }).click();
  const box = page.getByLabel(/Send me “This week's bake” by email/);
  await expect(box).not.toBeChecked();
  await box.check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(`You'll get “This week's bake” at ${email}.`)).toBeVisible();
  await page.getByRole("link", { name: "Newsletter: on" }).click();
  await expect(page.getByText(/You get “This week's bake” at .*, since /)).toBeVisible();
  await page.getByLabel(/Send me “This week's bake” by email/).uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("You won't get “This week's bake” any more.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Newsletter: off" })).toBeVisible();
});
