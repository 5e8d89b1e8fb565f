import { expect, test } from "./fixtures";
import { signedIn, signUp } from "./shop-helpers";

test.use({ expectedErrors: [/status of 40[013]/] });

test("a customer downloads their data, then deletes their account (the password asked first) and is signed out", async ({
  page,
}, testInfo) => {
  const email = `dana.data.${testInfo.project.name}.${Date.now()}@example.com`;
  await signUp(page, { name: "Dana Data", email, password: "a long enough password" });
  await signedIn(page, email, "a long enough password");
  await page.goto("/account");
  await page.getByRole("link", { name: "Your data: download or delete" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your data" })).toBeVisible();
  await expect(page.getByRole("main").getByText("Dana Data")).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download your data (JSON)" }).click();
  const file = await download;
  const data = JSON.parse(
    await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString()),
  );
  expect(data.account).toMatchObject({ name: "Dana Data", email });

  const form = page.getByRole("form", { name: "Delete your account" });
  await form.getByLabel("Current password").fill("not my password");
  await form.getByLabel("Yes, delete my account and my details").check();
  await form.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByLabel("Current password")).toHaveAccessibleDescription("That isn't your current password");

  await page.getByLabel("Current password").fill("a long enough password");
  const tick = page.getByLabel("Yes, delete my account and my details");
  if (!(await tick.isChecked())) await tick.check();
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByText(/^Your account is deleted\./)).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("That email and password don't match.")).toBeVisible();
});

test("an admin answers a customer's request: finds them by email, downloads their data and erases it", async ({
  page,
}, testInfo) => {
  const email = `rhea.request.${testInfo.project.name}.${Date.now()}@example.com`;
  await signUp(page, { name: "Rhea Request", email, password: "a long enough password" });
  await signedIn(page, "admin@bandofbakers.example", "admin-demo-password");
  await page.goto("/admin/customer-data");
  const search = page.getByRole("search", { name: "Find a customer" });
  await search.getByLabel("Email address").fill(email);
  await search.getByRole("button", { name: "Find" }).click();
  await expect(page.getByRole("main").getByText("Rhea Request")).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: `Download ${email}'s data (JSON)` }).click();
  const file = await download;
  const data = JSON.parse(Buffer.concat(await (await file.createReadStream()).toArray()).toString());
  expect(data.account).toMatchObject({ name: "Rhea Request", email });

  // The address typed wrong is refused by the field, and nothing is erased.
  const form = page.getByRole("form", { name: "Erase this customer" });
  await form.getByLabel("Type their email address again").fill("someone.else@example.com");
  await form.getByRole("button", { name: "Erase their personal data" }).click();
  await expect(page.getByLabel("Type their email address again")).toHaveAccessibleDescription(
    "Type the customer's email address again to confirm",
  );
  await page.getByLabel("Type their email address again").fill(email);
  await page.getByRole("button", { name: "Erase their personal data" }).click();
  await expect(page.getByText(/^Erased: the customer's personal details are gone/)).toBeVisible();
  await expect(page.getByText(`The shop holds nothing for ${email}.`)).toBeVisible();
});
