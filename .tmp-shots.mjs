import { chromium } from "playwright";

const base = "http://127.0.0.1:8911";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${base}/products/carrot-cake`);
await page.screenshot({ path: "/tmp/cake.png", fullPage: true });
const mobile = await browser.newPage({ viewport: { width: 390, height: 800 } });
await mobile.goto(`${base}/products/carrot-cake`);
await mobile.locator("#bake-days-heading").scrollIntoViewIfNeeded();
await mobile.screenshot({ path: "/tmp/cake-mobile.png" });
await page.goto(`${base}/login`);
await page.fill("input[name=email]", "admin@bandofbakers.example");
await page.fill("input[name=password]", "admin-demo-password");
await page.click("form[method=post] button[type=submit] >> nth=-1");
await page.getByText("Signed in as").waitFor();
await page.goto(`${base}/admin/production`);
await page.getByRole("heading", { name: "Production plan" }).waitFor();
await page.screenshot({ path: "/tmp/grid.png", fullPage: false, clip: { x: 0, y: 0, width: 1280, height: 2400 } });
const cakeRow = page.locator("th", { hasText: "Carrot & Walnut Cake: 8 inch" }).first();
await page.evaluate(
  () =>
    document.querySelector("th") &&
    [...document.querySelectorAll("th")].find((th) => th.textContent.includes("Carrot"))?.scrollIntoView(),
);
await page.screenshot({ path: "/tmp/grid-cake.png" });
const id = await page.evaluate(() => 0);
await page.goto(`${base}/admin/products`);
const href = await page
  .locator('a[href^="/admin/products/"]', { hasText: "Carrot & Walnut Cake" })
  .first()
  .getAttribute("href");
await page.goto(`${base}${href}/options`);
await page.screenshot({ path: "/tmp/options.png", fullPage: true });
await page.goto(`${base}/admin`);
await page.screenshot({ path: "/tmp/dash.png", fullPage: true });
await browser.close();
