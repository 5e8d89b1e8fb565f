import { expect, jsEnabled, test } from "./fixtures";

test("home → search → filter → product page shows allergens", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveTitle("Band of Bakers");
  await expect(page.getByRole("heading", { name: "Baker's favourites" })).toBeVisible();

  // Search from the header.
  await page.getByRole("searchbox", { name: "Search bread and cakes" }).fill("sourdough");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/\/shop\?q=sourdough/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results for “sourdough”");
  await expect(page.getByRole("link", { name: "Seeded Sourdough" })).toBeVisible();

  // Filter: vegan and free from sesame.
  await page.getByRole("checkbox", { name: "Vegan" }).check();
  await page.getByRole("checkbox", { name: "Sesame" }).check();
  if (!jsEnabled(testInfo)) await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/diet=vegan/);
  await expect(page).toHaveURL(/free-from=sesame/);
  await expect(page.getByRole("link", { name: "Seeded Sourdough" })).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: "Vegan" })).toBeChecked();

  // Product page.
  await page.getByRole("link", { name: "Country Sourdough" }).click();
  await expect(page).toHaveURL(/\/products\/country-sourdough$/);
  await expect(page).toHaveTitle("Country Sourdough | Band of Bakers");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Country Sourdough");
  const allergens = page.getByRole("region", { name: "Allergens" });
  await expect(allergens).toContainText("Cereals containing gluten");
  await expect(page.getByText("£4.80")).toBeVisible();
  await expect(page.getByRole("img", { name: "Illustration of Country Sourdough" })).toBeVisible();
});

test("browse a category from the home page and page through the shop", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Pastries", exact: true }).click();
  await expect(page).toHaveURL(/\/shop\?category=pastries$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pastries");
  await expect(page.getByRole("link", { name: "Butter Croissant" })).toBeVisible();

  await page.goto("/shop");
  await expect(page.getByRole("status")).toContainText("page 1 of 3");
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByRole("status")).toContainText("page 2 of 3");
});

test("sort by price from the filter form", async ({ page }, testInfo) => {
  await page.goto("/shop?category=cakes");
  await page.getByRole("combobox", { name: "Sort by" }).selectOption("price-desc");
  if (!jsEnabled(testInfo)) await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/sort=price-desc/);
  await expect(page.getByRole("heading", { level: 2 }).first()).toHaveText("Carrot & Walnut Cake");
});

test.describe("not found", () => {
  // The browser logs the page's own 404 status; that is the point of this test.
  test.use({ expectedErrors: [/status of 404/] });

  test("unknown pages get the styled 404", async ({ page }) => {
    const response = await page.goto("/products/no-such-loaf");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
    await page.getByRole("link", { name: "Browse the shop" }).click();
    await expect(page).toHaveURL(/\/shop$/);
  });
});

test("following a link to another page puts focus on its heading, as a page load would", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "without JavaScript every link is a page load, and focus starts at the top");
  await page.goto("/");
  await page.getByRole("link", { name: "Shop today's bakes" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/shop$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  // Tab goes on from the heading into the page, not back to the header.
  await page.keyboard.press("Tab");
  const inMain = await page.evaluate(() => Boolean(document.activeElement?.closest("main")));
  expect(inMain).toBe(true);
  // Back keeps the browser's own behaviour.
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
});
