import { expect, test } from "./fixtures";
import { signedIn, signIn, signOut, signUp } from "./shop-helpers";

// Without JavaScript the bad postcode is refused by the server: a 400, expected.
test.use({ expectedErrors: [/status of 400/] });

test("a customer saves delivery details (a bad postcode is caught by the field) and changes their password", async ({
  page,
}, testInfo) => {
  const email = `settings-${testInfo.project.name}-${Date.now()}@example.com`;
  await signUp(page, { name: "Della Details", email, password: "the first long password" });
  await signedIn(page, email, "the first long password");
  await expect(page.getByText("Signed in as Della Details")).toBeVisible();

  await page.goto("/account");
  await page.getByRole("link", { name: "Edit your details" }).click();
  await expect(page.getByRole("heading", { name: "Your details" })).toBeVisible();
  await page.getByLabel("Phone").fill("0117 496 0000");
  await page.getByLabel("Delivery address").fill("1 Mill Lane\nBristol");
  await page.getByLabel("Postcode").fill("NOT A CODE");
  await page.getByRole("button", { name: "Save details" }).click();
  // The message is the field's own description (and, linked, in the summary above the form).
  await expect(page.getByLabel("Postcode")).toHaveAccessibleDescription("Enter a UK postcode like BS1 4DJ");
  await expect(page.getByLabel("Phone")).toHaveValue("0117 496 0000");
  await page.getByLabel("Postcode").fill("BS1 4DJ");
  // Enter, not a click: with JavaScript the error line vanishes on blur and the button moves.
  await page.getByLabel("Postcode").press("Enter");
  await expect(page.getByText("Your details are saved.")).toBeVisible();
  await expect(page.getByText("0117 496 0000")).toBeVisible();

  await page.getByRole("link", { name: "Change password" }).click();
  await expect(page.getByRole("heading", { name: "Change your password" })).toBeVisible();
  await page.getByLabel("Current password").fill("the first long password");
  await page.getByLabel("New password", { exact: false }).first().fill("the second long password");
  await page.getByLabel("New password again").fill("the second long password");
  await page.getByRole("button", { name: "Save password" }).click();
  await expect(page.getByText("Your password is changed.")).toBeVisible();
  await signOut(page);

  await signIn(page, email, "the second long password");
  await expect(page.getByText("Signed in as Della Details")).toBeVisible();
});

test("an admin adds a category and it appears in the shop", async ({ page }, testInfo) => {
  const name = `Flatbreads ${testInfo.project.name} ${Date.now()}`;
  await signedIn(page, "admin@bandofbakers.example", "admin-demo-password");
  await page.goto("/admin/categories");
  const form = page.getByRole("form", { name: "Add category" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Description").fill("Pitta, naan and friends");
  await form.getByRole("button", { name: "Add category" }).click();
  await expect(page.getByText("Category added.")).toBeVisible();
  await page.goto("/shop");
  await expect(page.getByText(name).first()).toBeVisible();
});
