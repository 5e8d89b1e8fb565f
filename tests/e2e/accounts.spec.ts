import { expect, jsEnabled, test } from "./fixtures";

test("create an account, sign out and sign back in", async ({ page }, testInfo) => {
  const email = `e2e-${testInfo.project.name}-${Date.now()}@example.com`;
  await page.goto("/");
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill("Robin Rye");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill("a loaf a day keeps");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Signed in as Robin Rye")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a loaf a day keeps");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Signed in as Robin Rye")).toBeVisible();
});

test.describe("a wrong password", () => {
  test.use({ expectedErrors: [/status of 401/] });

  test("is refused with one message and the email kept", async ({ page }, testInfo) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill("nobody@example.com");
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("That email and password don't match.");
    await expect(page.getByLabel("Email")).toHaveValue("nobody@example.com");
    // The server never sends a password back; with JavaScript the browser simply keeps what was typed.
    if (!jsEnabled(testInfo)) await expect(page.getByLabel("Password")).toHaveValue("");
  });
});

test("sign in with Google (the local OpenID Connect provider) and land back signed in", async ({ page }) => {
  await page.goto("/login?redirectTo=/account");
  await page.getByRole("button", { name: "Continue with Google" }).click();
  // The local provider answers for its default identity, as Google does for a remembered account.
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByText("gwen.google@example.com")).toBeVisible();
  await expect(page.getByText("Signed in as Gwen Google")).toBeVisible();
});
