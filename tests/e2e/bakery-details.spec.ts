import { expect, jsEnabled, test } from "./fixtures";
import { addToBasket, signedIn } from "./shop-helpers";

test.use({ expectedErrors: [/status of 400/] });

test("an admin sets the bakery's details (a refused postcode first) and customers see them in the footer, on the contact page and at checkout", async ({
  page,
}, testInfo) => {
  const name = `Mill Yard Bakers ${testInfo.project.name}`;
  await signedIn(page, "admin@bandofbakers.example", "admin-demo-password");
  await page.goto("/admin/bakery");
  const form = page.getByRole("form", { name: "Bakery details" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Street address").fill("7 Wapping Wharf\nBristol");
  await form.getByLabel("Postcode").fill("NOT A CODE");
  await form.getByLabel("How to collect").fill("Knock at the blue door on the wharf.");
  await form.getByRole("button", { name: "Save bakery details" }).click();

  // Refused: a summary at the top takes focus, the title says so, and its link leads to the field.
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle(/^Error: /);
  await summary.getByRole("link", { name: "Enter a UK postcode like BS1 4DJ" }).click();
  // With JavaScript the link focuses the field; without, the browser scrolls to it and the next
  // Tab starts there.
  if (jsEnabled(testInfo)) await expect(form.getByLabel("Postcode")).toBeFocused();
  else await expect(page).toHaveURL(/#.*-postcode$/);
  await expect(form.getByLabel("Postcode")).toBeInViewport();
  await expect(form.getByLabel("Name")).toHaveValue(name);

  await form.getByLabel("Postcode").fill("BS1 6WP");
  await form.getByRole("button", { name: "Save bakery details" }).click();
  await expect(page.getByText("Bakery details saved. The shop shows them now.")).toBeVisible();
  await expect(page).not.toHaveTitle(/^Error: /);

  await page.goto("/contact");
  await expect(page.getByRole("heading", { name: "Contact us" })).toBeVisible();
  const main = page.getByRole("main");
  await expect(main.getByText("7 Wapping Wharf")).toBeVisible();
  await expect(main.getByText("Knock at the blue door on the wharf.")).toBeVisible();
  await expect(page.getByRole("contentinfo").getByText(name)).toBeVisible();
  await expect(page.getByRole("contentinfo").getByRole("link", { name: /Show on a map/ })).toHaveAttribute(
    "href",
    /openstreetmap\.org\/search\?query=7%20Wapping%20Wharf/,
  );

  await addToBasket(page, "country-sourdough", "Country Sourdough");
  await page.goto("/checkout");
  await expect(page.getByRole("main").getByText("Knock at the blue door on the wharf.")).toBeVisible();
  await expect(page.getByRole("main").getByText("BS1 6WP")).toBeVisible();
});
