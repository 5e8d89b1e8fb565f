import { expect, jsEnabled, test } from "./fixtures";
import { signedIn, signOut } from "./shop-helpers";

// The address refused by its field answers 400, which the browser logs without JavaScript.
test.use({ expectedErrors: [/status of 400/] });

const STAFF = { email: "staff@bandofbakers.example", password: "staff-demo-password" };

const shopToday = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());

function addDays(date: string, days: number) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const label = (date: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(new Date(`${date}T12:00:00Z`));

/**
 * A bake day on the product page's list that no other journey orders for: the fifth (JS on) or
 * sixth (JS off) open weekday from tomorrow, never a Saturday (other journeys plan Saturdays) and
 * never the first days (checkouts take the first open slot).
 */
function quietBakeDay(js: boolean) {
  const days: string[] = [];
  for (let date = addDays(shopToday(), 1); days.length < 6; date = addDays(date, 1)) {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (weekday >= 2 && weekday <= 5) days.push(date);
  }
  return days[js ? 4 : 5] ?? "";
}

test("a shopper asks to be told when a drop opens; staff see the demand, open the day, and the email comes once with its own unsubscribe link", async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const day = quietBakeDay(jsEnabled(testInfo));
  const longDay = label(day, { weekday: "long", day: "numeric", month: "long" });
  const email = `back-${testInfo.project.name}-${Date.now()}@example.com`;

  // Staff make the day a drop: it opens for orders the evening before.
  await signedIn(page, STAFF.email, STAFF.password);
  await page.goto("/admin/calendar");
  const drops = page.getByRole("form", { name: "Open a bake day at a set time" });
  await drops.getByLabel("Bake day").fill(day);
  await drops.getByLabel("Orders open on").fill(addDays(day, -1));
  await drops.getByLabel("At").fill("18:00");
  await drops.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("button", { name: `Open as usual: ${longDay}` })).toBeVisible();
  await signOut(page);

  // The shopper leaves an address for that day.
  await page.goto("/products/country-sourdough");
  const notify = page.getByRole("form", { name: "Tell me when it's back" });
  await notify.getByLabel("Day").selectOption(day);
  await notify.getByLabel("Email").fill("not-an-address");
  await notify.getByRole("button", { name: "Email me when it's back" }).click();
  await expect(
    page.getByRole("form", { name: "Tell me when it's back" }).getByLabel("Email"),
  ).toHaveAccessibleDescription(/Enter an email address like name@example.com/);
  await page.getByRole("form", { name: "Tell me when it's back" }).getByLabel("Email").fill(email);
  await page
    .getByRole("form", { name: "Tell me when it's back" })
    .getByRole("button", { name: "Email me when it's back" })
    .click();
  await expect(page.getByText(`We'll email ${email} once when it goes on sale for ${longDay}.`)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("notify-me.png"), fullPage: true });

  // Staff see someone waiting on the production grid, then open the day as usual.
  await signedIn(page, STAFF.email, STAFF.password);
  await page.goto("/admin/production");
  const cell = page.getByLabel(`Country Sourdough, ${longDay}`);
  await expect(cell.locator("xpath=..")).toContainText(/\d+ waiting/);
  await page.goto("/admin/calendar");
  await page.getByRole("button", { name: `Open as usual: ${longDay}` }).click();
  await expect(page.getByRole("button", { name: `Open as usual: ${longDay}` })).toHaveCount(0);
  await signOut(page);

  // The five-minute cron, as the scheduler runs it: the shopper is told, once.
  for (let run = 0; run < 2; run++) {
    const cron = await page.request.get(`/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
    expect(cron.ok()).toBe(true);
  }
  await page.goto("/outbox");
  const told = page.getByRole("listitem").filter({ hasText: `To ${email.toLowerCase()}` });
  await expect(told).toHaveCount(1);
  await expect(told).toContainText(`Country Sourdough is back for ${longDay}`);
  const link = ((await told.textContent()) ?? "").match(/https?:\/\/\S+\/unsubscribe\/notify\/\d+\/[0-9a-f]{32}/)?.[0];
  await page.goto(link ?? "/missing-link");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You're unsubscribed");
});
