/**
 * npm run screenshots — the shop as customers and staff see it, at a phone's width (375 px) and a
 * laptop's (1280 px), without clicking through it by hand: the built Worker over fresh demo data,
 * driven by Debian's Chromium through a real purchase (collection, paid with the stand-in's test
 * card), then the staff screens and the bake list as printed on A4.
 * Writes screenshots/<width>/<page>.png and lists them.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./lib/chromium.ts";
import { firstFreePorts } from "./lib/free-port.ts";
import { startBuiltServer } from "./lib/processes.ts";

const OUT = "screenshots";
const WIDTHS = [375, 1280];
const ADMIN = { email: "admin@bandofbakers.example", password: "admin-demo-password" };

const port = await firstFreePorts(4520, 3);
const { origin, stop } = await startBuiltServer(port, ".state/screenshots", { LOCAL_METRICS: "0" });
rmSync(OUT, { recursive: true, force: true });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const written: string[] = [];
try {
  for (const width of WIDTHS) await shootAt(browser, width);
} finally {
  await browser.close();
  stop();
}
console.log(`${written.length} screenshots:\n${written.map((file) => `  ${file}`).join("\n")}`);

async function shootAt(browser: Browser, width: number) {
  const dir = join(OUT, String(width));
  mkdirSync(dir, { recursive: true });
  const context = await browser.newContext({ baseURL: origin, viewport: { width, height: 900 } });
  const page = await context.newPage();
  const shoot = async (name: string) => {
    const file = join(dir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    written.push(file);
  };

  await visit(page, "/");
  await shoot("home");
  await visit(page, "/products/country-sourdough");
  await shoot("product");
  // Five loaves: over the delivery minimum, so checkout can show both ways.
  await page.getByLabel("Quantity").selectOption("5");
  await page.getByRole("button", { name: "Add to basket Country Sourdough" }).click();
  await page.getByText(/Added to your basket/).waitFor();
  await visit(page, "/basket");
  await shoot("basket");

  await visit(page, "/checkout");
  await page.getByLabel("Name").fill("Ada Baker");
  await page.getByLabel(/^Email/).fill(`ada.${width}@example.com`);
  await page.getByLabel(/^Local delivery/).check();
  await page.getByLabel("Delivery address").fill("1 Mill Lane\nBristol");
  await page.getByLabel("Postcode").fill("BS1 4DJ");
  await shoot("checkout-delivery");
  await page.getByLabel("Collect from the bakery (free)").check();
  const slot = page.getByLabel("Collection time");
  const firstOpen = await slot.locator("option:not([disabled]):not([value=''])").first().getAttribute("value");
  await slot.selectOption(firstOpen ?? "");
  await shoot("checkout-collection");
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: /^Pay £/ }).click();
  await page.getByRole("heading", { name: "Thank you for your order" }).waitFor({ timeout: 30_000 });
  await shoot("order");
  const bakeDay = (firstOpen ?? "").slice(0, 10);

  await context.clearCookies();
  await visit(page, "/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByText(/Signed in as/).waitFor();
  await visit(page, "/admin");
  await shoot("admin-dashboard");
  await visit(page, "/admin/orders");
  await shoot("admin-orders");
  // As printed: A4's width inside its 10 mm margins, print styles on.
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: 718, height: 1015 });
  await visit(page, `/admin/bake-list?date=${bakeDay}`);
  await shoot("bake-list-printed");
  await context.close();
}

/** Opens a page and waits until it has finished loading and, with JavaScript, hydrating. */
async function visit(page: Page, path: string) {
  await page.goto(path);
  await page.waitForSelector("html[data-hydrated]", { timeout: 30_000 });
}
