import { expect, jsEnabled, test } from "./fixtures";
import { signedIn } from "./shop-helpers";

const ADMIN = { email: "admin@bandofbakers.example", password: "admin-demo-password" };

/** Shop-time today (Europe/London), as the grid counts its fortnight. */
function shopToday() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
}

function addDays(date: string, days: number) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The first Saturday at least two days away: its orders are still open whatever the hour. */
function comingSaturday() {
  let date = addDays(shopToday(), 2);
  while (new Date(`${date}T12:00:00Z`).getUTCDay() !== 6) date = addDays(date, 1);
  return date;
}

const label = (date: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(new Date(`${date}T12:00:00Z`));

test("an admin plans Saturday's croissants in the grid and the shop shows the new number", async ({
  page,
}, testInfo) => {
  const saturday = comingSaturday();
  // Each project sets its own number, so the second run changes something too.
  const planned = jsEnabled(testInfo) ? 30 : 36;
  await signedIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Production" }).click();
  await expect(page.getByRole("heading", { name: "Production plan" })).toBeVisible();

  const cell = page.getByLabel(
    `Butter Croissant, ${label(saturday, { weekday: "long", day: "numeric", month: "long" })}`,
  );
  await cell.fill(String(planned));
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByText("Plan saved: 1 change.")).toBeVisible();
  await expect(cell).toHaveValue(String(planned));
  // Other journeys may have sold some that Saturday: the cell says how many are left.
  const left = Number((await cell.locator("xpath=..").textContent())?.match(/(\d+) left/)?.[1]);
  expect(left).toBeLessThanOrEqual(planned);
  // The shared oven's row and a weekday default are on the same page.
  await expect(page.getByRole("rowheader", { name: /Sourdough oven/ }).first()).toBeVisible();
  await expect(page.getByLabel("Butter Croissant, Saturdays")).toHaveValue("48");

  await page.goto("/products/butter-croissant");
  const day = page
    .getByRole("region", { name: "Bake days" })
    .getByRole("listitem")
    .filter({ hasText: label(saturday, { weekday: "short", day: "numeric", month: "short" }) });
  await expect(day).toContainText(`${left} left`);
});

test.describe(() => {
  test.use({ expectedErrors: [/status of 409/] });
  test("a stale grid cell is marked and the rest of the plan saved", async ({ browser, page }, testInfo) => {
    const saturday = addDays(comingSaturday(), 7);
    const friday = addDays(saturday, -1);
    const longDay = (date: string) => label(date, { weekday: "long", day: "numeric", month: "long" });
    const base = jsEnabled(testInfo) ? 40 : 50;
    await signedIn(page, ADMIN.email, ADMIN.password);
    await page.goto("/admin/production");

    // Someone else saves Saturday's croissants while this page is open.
    const other = await browser.newPage({ baseURL: String(testInfo.project.use.baseURL) });
    await signedIn(other, ADMIN.email, ADMIN.password);
    await other.goto("/admin/production");
    await other.getByLabel(`Butter Croissant, ${longDay(saturday)}`).fill(String(base));
    await other.getByRole("button", { name: "Save plan" }).click();
    await expect(other.getByText("Plan saved: 1 change.")).toBeVisible();
    await other.close();

    await page.getByLabel(`Butter Croissant, ${longDay(saturday)}`).fill(String(base + 2));
    await page.getByLabel(`Butter Croissant, ${longDay(friday)}`).fill(String(base + 1));
    await page.getByRole("button", { name: "Save plan" }).click();
    await expect(page.getByText("Some cells were not saved; each says why. 1 other change was saved.")).toBeVisible();
    await expect(page.getByLabel(`Butter Croissant, ${longDay(saturday)}`)).toHaveAccessibleDescription(
      new RegExp(`^Someone changed this to ${base} while you were editing\\.`),
    );
    await expect(page.getByLabel(`Butter Croissant, ${longDay(saturday)}`)).toHaveValue(String(base + 2));
    await expect(page.getByLabel(`Butter Croissant, ${longDay(friday)}`)).toHaveValue(String(base + 1));

    // Saving again makes it theirs.
    await page.getByRole("button", { name: "Save plan" }).click();
    await expect(page.getByText("Plan saved: 1 change.")).toBeVisible();
    await expect(page.getByLabel(`Butter Croissant, ${longDay(saturday)}`)).toHaveValue(String(base + 2));
  });
});

test("staff make a shared limit and choose what shares it", async ({ page }, testInfo) => {
  const name = `Tray ${testInfo.project.name}`;
  // Staff (each account has its own allowance of writes a minute; the admin's is spent above).
  await signedIn(page, "staff@bandofbakers.example", "staff-demo-password");
  await page.goto("/admin/production");
  await page.getByRole("link", { name: "Choose what shares a limit" }).click();
  await expect(page.getByRole("heading", { name: "Shared limits" })).toBeVisible();
  await page.getByLabel(/^New group/).fill(name);
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByText(`Group "${name}" added`)).toBeVisible();
  const group = page.getByRole("region", { name });
  await group.getByLabel("Cinnamon Bun").check();
  await group.getByLabel("Cardamom Bun").check();
  await group.getByRole("button", { name: `Save ${name}` }).click();
  await expect(page.getByText(`"${name}" is shared by 2 products.`)).toBeVisible();
  await expect(page.getByRole("region", { name }).getByLabel("Cardamom Bun")).toBeChecked();
  // Its limit per weekday is a row of the plan's weekly defaults.
  await page.goto("/admin/production");
  await expect(page.getByLabel(`${name} limit, Saturdays`)).toHaveValue("");
});

test("a cake's sizes are rows of their own: staff stop one size on Saturday and the shop says so, size by size", async ({
  page,
}, testInfo) => {
  // At least three days away, so the cake's two days' notice still allows it.
  let saturday = addDays(shopToday(), 3);
  while (new Date(`${saturday}T12:00:00Z`).getUTCDay() !== 6) saturday = addDays(saturday, 1);
  // The projects share the shop: each stops its own size (the bake-day journey buys the 8 inch).
  const [size, column] = jsEnabled(testInfo) ? ["10 inch (serves 20)", 2] : ["6 inch (serves 8)", 0];
  await signedIn(page, "staff@bandofbakers.example", "staff-demo-password");
  await page.goto("/admin/production");
  await expect(page.getByRole("heading", { name: "Production plan" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: /Carrot & Walnut Cake\s*8 inch/ }).first()).toBeVisible();
  const cell = page.getByLabel(
    `Carrot & Walnut Cake: ${size}, ${label(saturday, { weekday: "long", day: "numeric", month: "long" })}`,
  );
  await cell.fill("0");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByText("Plan saved: 1 change.")).toBeVisible();
  await expect(cell).toHaveValue("0");

  await page.goto("/products/carrot-cake");
  const bakeDays = page.getByRole("region", { name: "Bake days" });
  await expect(bakeDays.getByRole("columnheader", { name: size })).toBeVisible();
  const row = bakeDays.getByRole("row", {
    name: label(saturday, { weekday: "short", day: "numeric", month: "short" }),
  });
  await expect(row.getByRole("cell").nth(column)).toHaveText("not baked");
});
