import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";
import { signedIn } from "./shop-helpers";

test.use({ expectedErrors: [/status of 400/] });

test("an admin downloads a period's sales as a CSV spreadsheets open, after a backwards period is refused by its field", async ({
  page,
}) => {
  await signedIn(page, "admin@bandofbakers.example", "admin-demo-password");
  await page.goto("/admin");
  await page.getByRole("navigation").getByRole("link", { name: "Accounts" }).click();
  await expect(page.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();

  const form = page.getByRole("form", { name: "Accounting period" });
  const today = new Date().toISOString().slice(0, 10);
  await form.getByLabel("First day").fill(today);
  await form.getByLabel("Last day").fill("2020-01-01");
  await form.getByRole("button", { name: "Show this period" }).click();
  await expect(form.getByLabel("Last day")).toHaveAccessibleDescription(/The last day must be on or after the first/);
  await expect(form.getByLabel("First day")).toHaveValue(today);

  // The demo's orders, paid since the shop started this morning.
  const firstOfYear = `${today.slice(0, 4)}-01-01`;
  await form.getByLabel("First day").fill(firstOfYear);
  await form.getByLabel("Last day").fill(today);
  await form.getByRole("button", { name: "Show this period" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/accounts\\?from=${firstOfYear}&to=${today}$`));
  await expect(page.getByTestId("period-summary")).toContainText(/Sales\s*\d+ paid orders?, £/);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`band-of-bakers-accounts-${firstOfYear}-to-${today}.csv`);
  const bytes = await readFile((await download.path()) ?? "");
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header] = bytes.subarray(3).toString("utf8").split("\r\n");
  expect(header).toBe(
    "Date,Time,Type,Order,VAT document,Stripe payment,Goods,Delivery,Discount,Promotion code,Total,Standard-rated net,Standard-rated VAT,Reduced-rated net,Reduced-rated VAT,Zero-rated,Not VAT-registered,Total VAT",
  );
});
