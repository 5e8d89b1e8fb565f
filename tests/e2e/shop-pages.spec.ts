import { expect, test } from "./fixtures";
import { signedIn } from "./shop-helpers";

test("the footer leads to the shop's own pages, and an admin rewrites one in Markdown", async ({ page }, testInfo) => {
  await page.goto("/");
  const footer = page.getByRole("navigation", { name: "About this shop" });
  await footer.getByRole("link", { name: "Cookies" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cookies" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Every cookie we set" }).getByRole("rowheader")).toContainText([
    "bob_session",
    "bob_basket",
  ]);
  await page
    .getByRole("navigation", { name: "About this shop" })
    .getByRole("link", { name: "Allergen policy" })
    .click();
  await expect(page.getByRole("heading", { level: 2, name: "Our kitchen handles all 14 allergens" })).toBeVisible();

  await signedIn(page, "admin@bandofbakers.example", "admin-demo-password");
  await page.goto("/admin/pages");
  await page.getByRole("link", { name: "Edit Terms of sale" }).click();
  const text = page.getByLabel("Text");
  await expect(text).toHaveValue(/regulation 28\(1\)\(d\)/);
  const heading = `Collection hours ${testInfo.project.name}`;
  await text.fill(`## ${heading}\n\nCollect **before 4pm**. <b>not bold</b>`);
  await page.getByRole("button", { name: "Save page" }).click();
  await expect(page.getByText("Page saved. The shop shows it now.")).toBeVisible();
  await page.getByRole("link", { name: "View Terms of sale" }).click();
  await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
  await expect(page.getByText("before 4pm")).toHaveJSProperty("tagName", "STRONG");
  await expect(page.getByText("<b>not bold</b>")).toBeVisible();

  // And back to the default for the next run.
  await page.goto("/admin/pages/terms");
  await page.getByRole("button", { name: "Restore the default text" }).click();
  await expect(page.getByText("The default text is back.")).toBeVisible();
  await page.goto("/terms");
  await expect(page.getByText("regulation 28(1)(d)")).toBeVisible();
});
