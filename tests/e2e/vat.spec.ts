import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { addToBasket, chooseCollectionAndContinue, payWithTestCard, signedIn, signOut } from "./shop-helpers";

test.use({ expectedErrors: [/status of 400/] });

async function saveVatSettings(page: Page, vatNumber: string, standardRate: string) {
  await page.goto("/admin/bakery");
  const form = page.getByRole("form", { name: "Bakery details" });
  await form.getByLabel("VAT number").fill(vatNumber);
  await form.getByLabel("Standard rate (%)").fill(standardRate);
  await form.getByRole("button", { name: "Save bakery details" }).click();
  return form;
}

/** An admin sets how VAT treats a product, through its edit form. */
async function setVatCategory(page: Page, productName: string, category: "zero" | "standard") {
  await page.goto("/admin/products");
  await page.getByRole("link", { name: productName }).first().click();
  await page.getByLabel("VAT on receipts").selectOption(category);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved. The shop shows the change now.")).toBeVisible();
}

test("a VAT-registered bakery's customer opens a VAT receipt with each line's rate and the VAT per rate", async ({
  page,
}) => {
  await signedIn(page, "admin@bandofbakers.example", "admin-demo-password");
  // A rate that is not a percentage is refused by its field, the VAT number kept.
  const form = await saveVatSettings(page, "gb 123 4567 89", "twenty");
  await expect(form.getByRole("textbox", { name: "Standard rate (%)" })).toHaveAccessibleDescription(
    /Enter the standard VAT rate as a percentage, like 20/,
  );
  await expect(form.getByLabel("VAT number")).toHaveValue("gb 123 4567 89");
  await saveVatSettings(page, "gb 123 4567 89", "20");
  await expect(page.getByText("Bakery details saved. The shop shows them now.")).toBeVisible();

  // Standard-rated for this test (cakes, brownies among them, are zero-rated in real life).
  await setVatCategory(page, "Chocolate Brownies (4)", "standard");
  await signOut(page);

  await addToBasket(page, "chocolate-brownies", "Chocolate Brownies (4)");
  await addToBasket(page, "country-sourdough", "Country Sourdough");
  await page.goto("/checkout");
  await page.getByLabel("Name").fill("Vera Vat");
  await page.getByLabel(/^Email/).fill(`vat-${Date.now()}@example.com`);
  await chooseCollectionAndContinue(page);
  await payWithTestCard(page);

  await page.getByRole("link", { name: /^View and print receipt \d{6}$/ }).click();
  await expect(page.getByRole("heading", { name: "VAT receipt", level: 1 })).toBeVisible();
  await expect(page.getByText("VAT registration number GB123456789")).toBeVisible();
  const lines = page.getByRole("table", { name: "What was sold" });
  await expect(lines.getByRole("row", { name: /Chocolate Brownies \(4\)/ })).toContainText("S 20%");
  await expect(lines.getByRole("row", { name: /Country Sourdough/ })).toContainText("Z 0%");
  const summary = page.getByRole("table", { name: "VAT by rate" });
  // £9.00 of brownies at 20% holds £1.50 of VAT; the sourdough none.
  await expect(summary.getByRole("row", { name: /Standard rate 20%/ })).toContainText("£1.50");
  await expect(summary.getByRole("row", { name: /Zero-rated 0%/ })).toContainText("£0.00");
  await expect(page.getByTestId("total-vat")).toHaveText("£1.50");
  await page.screenshot({ path: test.info().outputPath("vat-receipt.png"), fullPage: true });

  // Back to how the demo shop starts: not VAT-registered, brownies zero-rated.
  await signedIn(page, "admin@bandofbakers.example", "admin-demo-password");
  await saveVatSettings(page, "", "20");
  await expect(page.getByText("Bakery details saved. The shop shows them now.")).toBeVisible();
  await setVatCategory(page, "Chocolate Brownies (4)", "zero");
});
