import { expect, test } from "./fixtures";
import { addToBasket, payWithTestCard, signedIn } from "./shop-helpers";

const STAFF = { email: "staff@bandofbakers.example", password: "staff-demo-password" };

function addDays(date: string, days: number) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The coming Saturday at least three days away (shop time): the demo week sells it as usual, and
 * a celebration cake's two days' notice still allows it whatever the hour.
 */
function comingSaturday() {
  let date = addDays(new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date()), 3);
  while (new Date(`${date}T12:00:00Z`).getUTCDay() !== 6) date = addDays(date, 1);
  return date;
}

const longDay = (date: string) =>
  new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).format(
    new Date(`${date}T12:00:00Z`),
  );

test("a shopper picks Saturday, sees the rye is not baked then, buys croissants and a cake with a message, and the bake room sees them", async ({
  page,
}, testInfo) => {
  const saturday = comingSaturday();
  const name = `Sat Shopper ${testInfo.project.name} ${Date.now()}`;
  await addToBasket(page, "butter-croissant", "Butter Croissant", 2);
  // A celebration cake: a size (priced) and a message on it.
  await page.goto("/products/carrot-cake");
  await page.getByLabel("Size").selectOption({ label: "8 inch (serves 14) (+£10.00)" });
  await page.getByLabel(/^Message on the cake/).fill("Happy birthday, Ada!");
  await page.getByRole("button", { name: "Add to basket Carrot & Walnut Cake" }).click();
  await expect(
    page.getByText(/Added to your basket/).or(page.getByRole("heading", { name: "Your basket" })),
  ).toBeVisible();
  await addToBasket(page, "danish-rye", "Danish Rye (Rugbrød)");

  await page.goto("/basket");
  await page.getByLabel("Bake day").selectOption({ label: `${longDay(saturday)} (not everything)` });
  await page.getByRole("button", { name: "Choose this day" }).click();
  await expect(page.getByRole("heading", { name: `For ${longDay(saturday)}` })).toBeVisible();
  const rye = page.getByRole("listitem").filter({ hasText: "Danish Rye" });
  await expect(rye.getByTestId("line-day-problem")).toHaveText(
    "Isn't baked that day. Remove it or change the quantity, or choose another day.",
  );
  await expect(
    page.getByRole("listitem").filter({ hasText: "Butter Croissant" }).getByTestId("line-day-problem"),
  ).toHaveCount(0);

  await rye.getByRole("button", { name: /^Remove/ }).click();
  await expect(page.getByText("Everything in your basket is baked that day.")).toBeVisible();
  const cake = page.getByRole("listitem").filter({ hasText: "Carrot & Walnut Cake" });
  await expect(cake).toContainText("Size: 8 inch (serves 14)");
  await expect(cake).toContainText("Message: “Happy birthday, Ada!”");

  await page.getByRole("link", { name: "Checkout" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel(/^Email/).fill(`saturday-${testInfo.project.name}@example.com`);
  await page.getByLabel("Collect from the bakery (free)").check();
  // Checkout starts on the basket's day.
  await expect(page.getByLabel("Collection time")).toHaveValue(`${saturday}T08:00`);
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await payWithTestCard(page);

  await page.context().clearCookies();
  await signedIn(page, STAFF.email, STAFF.password);
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Bake list" }).click();
  await page.getByLabel("Bake day").fill(saturday);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(
    page.getByRole("heading", { name: `Bake list: ${longDay(saturday)} ${saturday.slice(0, 4)}` }),
  ).toBeVisible();
  // Totals per product, and per size (the other project's run may have bought one too).
  await expect(page.getByRole("rowheader", { name: /^Carrot & Walnut Cake/ })).toContainText(
    /\d+ × Carrot & Walnut Cake \(Size: 8 inch \(serves 14\)\)/,
  );
  const slot = page.getByRole("region", { name: "Collection from 08:00" });
  const order = slot.getByRole("listitem").filter({ hasText: name });
  await expect(order).toContainText("2 × Butter Croissant");
  await expect(order).toContainText("1 × Carrot & Walnut Cake (Size: 8 inch (serves 14))");
  await expect(order).toContainText("Message: “Happy birthday, Ada!”");

  // Printed on A4 (190 mm inside the 10 mm margins, about 718 CSS pixels): the shop's and the
  // admin's chrome are left off, and nothing is wider than the paper.
  await page.emulateMedia({ media: "print" });
  const screen = page.viewportSize();
  await page.setViewportSize({ width: 718, height: 1015 });
  await expect(page.getByRole("navigation", { name: "Admin" })).toBeHidden();
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("button", { name: /Print/ })).toBeHidden();
  await expect(order).toBeVisible();
  const [printedWidth, paperWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  expect(printedWidth).toBeLessThanOrEqual(paperWidth);
  await page.emulateMedia({ media: "screen" });
  if (screen) await page.setViewportSize(screen);

  await page.getByRole("link", { name: "Label sheet" }).click();
  const cakeLabels = page.getByRole("list", { name: "Labels" }).getByRole("listitem").filter({ hasText: name }).filter({
    hasText: "Carrot & Walnut Cake",
  });
  await expect(cakeLabels).toHaveCount(1);
  await expect(cakeLabels).toContainText("Ingredients:");
  await expect(cakeLabels).toContainText("Best before");
  await expect(cakeLabels).toContainText("Message: “Happy birthday, Ada!”");
  await expect(
    page
      .getByRole("list", { name: "Labels" })
      .getByRole("listitem")
      .filter({ hasText: name })
      .filter({ hasText: "Butter Croissant" }),
  ).toHaveCount(2);
});
