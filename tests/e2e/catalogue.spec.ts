import { fileURLToPath } from "node:url";
import { expect, jsEnabled, test } from "./fixtures";
import { signedIn } from "./shop-helpers";

const PHOTO = fileURLToPath(new URL("../fixtures/loaf.jpg", import.meta.url));

test("an admin adds a loaf with a photo, publishes it, and it is in the shop", async ({ page }, testInfo) => {
  const name = `Seeded Spelt ${testInfo.project.name} ${Date.now()}`;
  await signedIn(page, "admin@bandofbakers.example", "admin-demo-password");
  await page.goto("/admin/products");
  await page.getByRole("link", { name: "Add a product" }).click();
  await expect(page.getByRole("heading", { name: "Add a product" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Category").selectOption({ label: "Sourdough" });
  await page.getByLabel("Price (£)").fill("5.40");
  await page.getByLabel("Summary (one line for the shop listing)").fill("Spelt and seeds, long fermented");
  await page.getByLabel("Cereals containing gluten").check();
  await page.getByLabel("Sesame").check();
  await page.getByLabel(/^Baked each open day/).fill("8");
  await page.getByRole("button", { name: "Add product" }).click();
  await expect(page.getByText("Product added.")).toBeVisible();
  await expect(page.getByText("Not in the shop (draft)")).toBeVisible();

  await page.getByRole("link", { name: "Images", exact: true }).click();
  await expect(page.getByRole("heading", { name: `Images of ${name}` })).toBeVisible();
  if (jsEnabled(testInfo)) {
    // Hold the PUT to storage a moment so the progress bar can be seen.
    await page.route(/\/admin\/uploads\/[0-9a-f]{32}\?/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
  }
  await page.getByLabel(/^Image \(JPEG/).setInputFiles(PHOTO);
  if (jsEnabled(testInfo)) {
    await expect(page.getByRole("progressbar")).toBeVisible();
    // Sent straight to storage first, with a progress bar, before the form is submitted.
    await expect(page.getByRole("status").filter({ hasText: "Uploaded loaf.jpg." })).toBeVisible();
  }
  await page.getByLabel("Description (alt text)").last().fill("A seeded spelt loaf, sliced");
  await page.getByRole("button", { name: "Add image" }).click();
  await expect(page.getByText("Image added.")).toBeVisible();
  await expect(page.getByRole("img", { name: "A seeded spelt loaf, sliced" })).toBeVisible();

  await page.getByRole("link", { name: `← ${name}` }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published: it's in the shop now.")).toBeVisible();

  await page.goto(`/shop?q=${encodeURIComponent("Seeded Spelt")}`);
  await page.getByRole("link", { name }).first().click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByText("£5.40").first()).toBeVisible();
  // Planned at 8 on each open day: the bake days say so.
  await expect(page.getByRole("region", { name: "Bake days" })).toContainText("8 left");
  const photo = page.getByRole("img", { name: "A seeded spelt loaf, sliced" });
  await expect(photo).toBeVisible();
  expect(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
});
