import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

export async function addToBasket(page: Page, slug: string, name: string, quantity = 1) {
  await page.goto(`/products/${slug}`);
  await page.getByLabel("Quantity").selectOption(String(quantity));
  await page.getByRole("button", { name: `Add to basket ${name}` }).click();
  await expect(
    page.getByText(/Added to your basket/).or(page.getByRole("heading", { name: "Your basket" })),
  ).toBeVisible();
}

/** Picks the first open collection time and goes on to the (stand-in) payment page. */
export async function chooseCollectionAndContinue(page: Page) {
  await page.getByLabel("Collect from the bakery (free)").check();
  const slot = page.getByLabel("Collection time");
  const firstOpen = await slot.locator("option:not([disabled]):not([value=''])").first().getAttribute("value");
  await slot.selectOption(firstOpen ?? "");
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page.getByRole("heading", { name: "Pay Band of Bakers" })).toBeVisible();
}

export async function payWithTestCard(page: Page, card = "4242 4242 4242 4242") {
  await page.getByLabel("Card number").fill(card);
  await page.getByRole("button", { name: /^Pay £/ }).click();
  await expect(page.getByRole("heading", { name: "Thank you for your order" })).toBeVisible({ timeout: 15_000 });
}

/** The newest link to `path` emailed to `email`, read from the local outbox as a developer would. */
export async function linkFromOutbox(page: Page, email: string, path: string): Promise<string> {
  await page.goto("/outbox");
  const message = page
    .getByRole("listitem")
    .filter({ hasText: `To ${email}` })
    .first();
  const text = (await message.textContent()) ?? "";
  const link = text.match(new RegExp(`https?://[^\\s]+${path}\\?token=[0-9a-f]{64}`))?.[0];
  if (!link) throw new Error(`no ${path} link for ${email} in the outbox`);
  return link;
}

/**
 * Fills in the sign-up form. The answer is the same whether or not the address already has an
 * account ("check your email"), so nobody is signed in yet: the emailed link finishes sign-up.
 */
export async function signUp(page: Page, account: { name: string; email: string; password: string }) {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel(/^Password/).fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Check your email: we've sent you a link")).toBeVisible();
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // Signed in (or on to the second step) before the caller navigates anywhere else.
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
}

/**
 * Signs in without the form (Epic Stack's `tests/playwright-utils.ts` does the same with a
 * database write; our Worker runs in its own process, so the session comes from the sign-in
 * endpoint instead): one POST from the browser context, whose session cookie the page then has.
 * For journeys about something else; sign-in itself is proved through the form (accounts.spec.ts,
 * once per method). Lands on the home page.
 */
export async function signedIn(page: Page, email: string, password: string) {
  const origin = String(test.info().project.use.baseURL);
  const response = await page.request.post("/login", {
    form: { email, password, redirectTo: "/" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(response.status(), "sign-in answered").toBe(303);
  expect(response.headers().location).toBe("/");
  await page.goto("/");
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
}
