import { expect, jsEnabled, test } from "./fixtures";
import { signedIn } from "./shop-helpers";

const STAFF = { email: "staff@bandofbakers.example", password: "staff-demo-password" };
const ADMIN = { email: "admin@bandofbakers.example", password: "admin-demo-password" };

function addDays(date: string, days: number) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The first `weekday` at least three days away (shop time): inside the days a product page lists. */
function coming(weekday: number) {
  let date = addDays(new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date()), 3);
  while (new Date(`${date}T12:00:00Z`).getUTCDay() !== weekday) date = addDays(date, 1);
  return date;
}

const format = (date: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(new Date(`${date}T12:00:00Z`));

test("staff shut a day for training, the shop says so, and they open it again", async ({ page }, testInfo) => {
  // Each project its own day (a Wednesday, a Thursday), so neither undoes the other.
  const day = coming(jsEnabled(testInfo) ? 3 : 4);
  const longDay = format(day, { weekday: "long", day: "numeric", month: "long" });
  await signedIn(page, STAFF.email, STAFF.password);
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Calendar" }).click();
  await page.getByLabel("Shut on").fill(day);
  await page.getByLabel(/^Reason shoppers see/).fill("Staff training");
  await page.getByRole("button", { name: "Shut that day" }).click();
  await expect(page.getByText(`Shut on ${longDay}.`)).toBeVisible();
  const shut = page.getByRole("region", { name: "Days shut" }).getByRole("listitem").filter({ hasText: longDay });
  await expect(shut).toContainText("Staff training");

  await page.goto("/products/danish-rye");
  const entry = page
    .getByRole("region", { name: "Bake days" })
    .getByRole("listitem")
    .filter({ hasText: format(day, { weekday: "short", day: "numeric", month: "short" }) });
  await expect(entry).toContainText("closed: Staff training");

  await page.goto("/admin/calendar");
  await page.getByRole("button", { name: `Open again on ${longDay}` }).click();
  await expect(page.getByText(`Open again on ${longDay} (if its weekday is open).`)).toBeVisible();
  await page.goto("/products/danish-rye");
  await expect(entry).toContainText("left");
});

test("an admin gives a loaf a slicing choice, and shoppers choose it", async ({ page }, testInfo) => {
  const option = "Slicing";
  // Each project its own loaf: a second required choice would stand in the other's way.
  const [slug, name] = jsEnabled(testInfo)
    ? ["light-rye-with-caraway", "Light Rye with Caraway"]
    : ["hundred-percent-wholemeal", "100% Wholemeal"];
  await signedIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/admin/products");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "Options", exact: true }).click();
  await expect(page.getByRole("heading", { name: `Options of ${name}` })).toBeVisible();
  await page.getByLabel(/^Name/).fill(option);
  await page.getByRole("button", { name: "Add option" }).click();
  await expect(page.getByText(`Option "${option}" added: now give it its values.`)).toBeVisible();
  const panel = page.getByRole("region", { name: option });
  for (const value of ["Whole", "Sliced"]) {
    await panel.getByLabel("New value").fill(value);
    await panel.getByRole("button", { name: "Add value" }).click();
    await expect(page.getByText(`"${value}" added to ${option}.`)).toBeVisible();
  }

  await page.goto(`/products/${slug}`);
  await page.getByLabel(option).selectOption({ label: "Sliced" });
  await page.getByRole("button", { name: `Add to basket ${name}` }).click();
  await expect(
    page.getByText(/Added to your basket/).or(page.getByRole("heading", { name: "Your basket" })),
  ).toBeVisible();
  await page.goto("/basket");
  await expect(page.getByRole("listitem").filter({ hasText: name })).toContainText(`${option}: Sliced`);
});
