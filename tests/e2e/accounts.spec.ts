import { Secret, TOTP } from "otpauth";
import { expect, jsEnabled, test } from "./fixtures";
import {
  addToBasket,
  chooseCollectionAndContinue,
  linkFromOutbox,
  payWithTestCard,
  signedIn,
  signIn,
  signOut,
  signUp,
} from "./shop-helpers";

const uniqueEmail = (prefix: string, project: string) => `${prefix}-${project}-${Date.now()}@example.com`;

test("sign up, confirm the email from the outbox, order, see it in the account, sign out and back in", async ({
  page,
}, testInfo) => {
  const email = uniqueEmail("newcomer", testInfo.project.name);
  await page.goto("/");
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill("Robin Rye");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill("a loaf a day keeps");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Check your email: we've sent you a link")).toBeVisible();

  // The emailed link confirms the address and finishes signing up.
  await page.goto(await linkFromOutbox(page, email, "/verify-email"));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByRole("status")).toHaveText("Thank you: your email address is confirmed.");
  await expect(page.getByText("Signed in as Robin Rye")).toBeVisible();

  // Signed in, checkout knows who is buying.
  await addToBasket(page, "butter-croissant", "Butter Croissant");
  await page.goto("/checkout");
  await expect(page.getByLabel("Name")).toHaveValue("Robin Rye");
  await expect(page.getByLabel(/^Email/)).toHaveValue(email);
  await chooseCollectionAndContinue(page);
  await payWithTestCard(page);
  const orderNumber = (await page.locator("dd").first().textContent()) ?? "";

  await page.getByRole("link", { name: "Signed in as Robin Rye" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByRole("link", { name: orderNumber })).toBeVisible();
  await signOut(page);

  await signIn(page, email, "a loaf a day keeps");
  await expect(page.getByText("Signed in as Robin Rye")).toBeVisible();
  await page.goto("/account");
  await page.getByRole("link", { name: orderNumber }).click();
  await expect(page.getByRole("heading", { name: `Order ${orderNumber}` })).toBeVisible();
});

test("forgot password: the emailed link sets a new one, the old one stops working", async ({ page }, testInfo) => {
  const email = uniqueEmail("forgetful", testInfo.project.name);
  await signUp(page, { name: "Fen Forgetful", email, password: "the first long password" });

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: /Send/ }).click();
  await expect(page.getByRole("status")).toBeVisible();

  await page.goto(await linkFromOutbox(page, email, "/reset-password"));
  await page.getByLabel(/New password/).fill("the second long password");
  await page.getByRole("button", { name: /password/i }).click();
  await expect(page.getByText("Your password has been changed. Sign in with the new one.")).toBeVisible();

  await signIn(page, email, "the second long password");
  await expect(page.getByText("Signed in as Fen Forgetful")).toBeVisible();
});

test.describe("the wrong people", () => {
  test.use({ expectedErrors: [/status of 40[13]/] });

  test("a wrong password is refused with one message and the email kept", async ({ page }, testInfo) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill("nobody@example.com");
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    // The refusal is a summary at the top of the form that takes focus, and the title says so: what
    // a screen reader announces first, with or without JavaScript.
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("There is a problem");
    await expect(summary).toContainText("That email and password don't match.");
    await expect(summary).toBeFocused();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByLabel("Email")).toHaveValue("nobody@example.com");
    // The server never sends a password back; with JavaScript the browser simply keeps what was typed.
    if (!jsEnabled(testInfo)) await expect(page.getByLabel("Password")).toHaveValue("");
  });

  test("a customer cannot open the admin area", async ({ page }) => {
    await signedIn(page, "customer@bandofbakers.example", "customer-demo-password");
    await expect(page.getByText("Signed in as Cal Customer")).toBeVisible();
    await expect(page.getByRole("banner").getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(403);
    await expect(page.getByText("You don't have access to this page.")).toBeVisible();
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

test("an admin makes someone staff; they turn on two-step sign-in and sign in with a code", async ({
  page,
}, testInfo) => {
  const email = uniqueEmail("new-staff", testInfo.project.name);
  await signUp(page, { name: "Stevie Staff", email, password: "staff member password" });

  await signedIn(page, "admin@bandofbakers.example", "admin-demo-password");
  await page.getByRole("banner").getByRole("link", { name: "Admin", exact: true }).click();
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByLabel("Search by name or email").fill(email);
  await page.getByRole("button", { name: "Search users" }).click();
  const row = page.getByRole("listitem", { name: email });
  await row.getByLabel(`Role for ${email}`).selectOption("staff");
  await row.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByRole("listitem", { name: email }).getByLabel(`Role for ${email}`)).toHaveValue("staff");
  await signOut(page);

  await signIn(page, email, "staff member password");
  await page.goto("/account");
  await page.getByRole("link", { name: "Two-step sign-in: off" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
  await page.getByLabel("Code from your app").fill(totp.generate());
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await page.getByRole("button", { name: "I've saved them" }).click();
  await expect(page.getByText("Two-step sign-in is on.")).toBeVisible();
  await signOut(page);

  await signIn(page, email, "staff member password");
  await expect(page.getByRole("heading", { name: "Two-step sign-in" })).toBeVisible();
  await expect(page.getByText("Signed in as")).toHaveCount(0);
  // The code from the next 30-second step: the one used to switch it on works only once.
  await page.getByLabel("Code").fill(totp.generate({ timestamp: Date.now() + 30_000 }));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("Signed in as Stevie Staff")).toBeVisible();
  await page.getByRole("banner").getByRole("link", { name: "Admin", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
});

test("a Google-only account confirms it's them with Google before changing its email, and can cancel the change", async ({
  page,
}, testInfo) => {
  await page.goto("/login?redirectTo=/account");
  await page.getByRole("button", { name: "Continue with Google" }).click();
  await expect(page.getByText("Signed in as Gwen Google")).toBeVisible();

  await page.goto("/account/email");
  // No password to type: the change form stays hidden until Google has seen them sign in afresh.
  await expect(page.getByLabel("New email")).toBeHidden();
  await page.getByRole("button", { name: "Confirm it's me with Google" }).click();
  await expect(page).toHaveURL(/\/account\/email$/);
  const newEmail = uniqueEmail("gwen-moves", testInfo.project.name);
  await page.getByLabel("New email").fill(newEmail);
  await page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByText("We've sent a link to your new address.")).toBeVisible();

  await page.goto("/account/email");
  await expect(page.getByText(`Waiting for you to confirm ${newEmail}`)).toBeVisible();
  await page.getByRole("button", { name: "Cancel this change" }).click();
  await expect(page.getByText("The change is cancelled: the link we sent no longer works.")).toBeVisible();
  await expect(page.getByText(`Waiting for you to confirm ${newEmail}`)).toHaveCount(0);
});
