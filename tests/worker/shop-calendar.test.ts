import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { readShopCalendar } from "../../app/modules/checkout/calendar.server";
import { shopLocalDateTime } from "../../app/modules/checkout/slots";
import { addDays, weekdayOf } from "../../app/modules/production/availability";
import { SEED_CALENDAR } from "../fixtures/seed-calendar";
import { cookieFrom, get, noticeOf, postForm, signedInAs, testContext } from "./helpers";
import { product, reservedOrder } from "./orders-helpers";

const today = shopLocalDateTime(new Date()).slice(0, 10);
/** The first `weekday` at least a week away: inside checkout's fortnight, past any cut-off. */
function next(weekday: number, from = addDays(today, 7)) {
  let date = from;
  while (weekdayOf(date) !== weekday) date = addDays(date, 1);
  return date;
}
const longDay = (date: string) =>
  new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).format(
    new Date(`${date}T12:00:00Z`),
  );

/** The checkout page for a basket holding one loaf: the days and times it offers. */
async function checkoutPage() {
  const { id } = await product("country-sourdough");
  const added = await postForm("/basket", { intent: "add", productId: id, quantity: 1 });
  return (await get("/checkout", { headers: { Cookie: cookieFrom(added.response) } })).html;
}

const weekPost = (change: (weekday: number) => { open: boolean; deliveries: number }) => ({
  intent: "week",
  ...Object.fromEntries(
    [1, 2, 3, 4, 5, 6, 0].flatMap((weekday, index) => {
      const day = change(weekday);
      return [
        [`days[${index}].weekday`, String(weekday)],
        ...(day.open ? [[`days[${index}].open`, "on"]] : []),
        [`days[${index}].deliveries`, String(day.deliveries)],
      ];
    }),
  ),
});
const seedWeek = (weekday: number) => ({ open: weekday >= 2, deliveries: weekday >= 2 ? 12 : 0 });

describe("the shop calendar", () => {
  it("is the seeded week in D1 (what the tests' fixture says)", async () => {
    expect(await readShopCalendar(testContext().db, today)).toEqual(SEED_CALENDAR);
  });

  it("is for staff: a customer is refused", async () => {
    const customer = await signedInAs("customer");
    expect((await get("/admin/calendar", { headers: { Cookie: customer.cookie } })).response.status).toBe(403);
    const refused = await postForm("/admin/calendar", { intent: "closure-add", date: next(4) }, customer.cookie);
    expect(refused.response.status).toBe(403);
  });

  it("shuts a day: checkout stops offering it, the product page says why, and booked orders are counted", async () => {
    const staff = await signedInAs("staff");
    const thursday = next(4);
    await reservedOrder("danish-rye", 1, { slotDate: thursday, slotTime: "10:00" });
    const { response } = await postForm(
      "/admin/calendar",
      { intent: "closure-add", date: thursday, reason: "Oven service" },
      staff.cookie,
    );
    expect(response.status).toBe(303);
    expect(await noticeOf(response)).toBe(
      `Shut on ${longDay(thursday)}. 1 order is already booked that day: they stay booked, so bake them or contact the customers.`,
    );
    expect(await checkoutPage()).not.toContain(`${longDay(thursday)}, 08:00`);
    const page = await get("/products/country-sourdough", {
      headers: { "X-Test-Now": `${addDays(thursday, -2)}T09:00:00Z` },
    });
    expect(page.html.replaceAll("<!-- -->", "")).toMatch(/Thu \d+ \w+<\/span>: closed: Oven service/);
    const audit = await env.DB.prepare(
      "SELECT action, after FROM audit_log WHERE entity = 'calendar' ORDER BY id DESC",
    ).first<{ action: string; after: string }>();
    expect(audit?.action).toBe("closure-add");

    const reopened = await postForm("/admin/calendar", { intent: "closure-remove", date: thursday }, staff.cookie);
    expect(reopened.response.status).toBe(303);
    expect(await checkoutPage()).toContain(`${longDay(thursday)}, 08:00–10:00`);
  });

  it("shuts a weekday and stops Saturday deliveries, then opens them again", async () => {
    const staff = await signedInAs("staff");
    const wednesday = next(3);
    const saturday = next(6);
    const changed = await postForm(
      "/admin/calendar",
      weekPost((weekday) => ({
        open: weekday >= 2 && weekday !== 3,
        deliveries: weekday === 6 ? 0 : seedWeek(weekday).deliveries,
      })),
      staff.cookie,
    );
    expect(changed.response.status).toBe(303);
    const html = await checkoutPage();
    expect(html).not.toContain(`${longDay(wednesday)}, 08:00`);
    expect(html).toContain(`${longDay(saturday)}, 08:00–10:00`);
    expect(html).not.toContain(`${longDay(saturday)}, 10:00–16:00`); // the delivery option
    // The footer follows the calendar.
    expect(html).toContain("Open for collection Tuesday, Thursday, Friday, Saturday, 08:00–16:00");

    expect((await postForm("/admin/calendar", weekPost(seedWeek), staff.cookie)).response.status).toBe(303);
    expect(await checkoutPage()).toContain(`${longDay(wednesday)}, 08:00–10:00`);
  });

  it("refuses fewer deliveries than a day already has booked, by the field", async () => {
    const staff = await signedInAs("staff");
    const friday = next(5, addDays(today, 8));
    await reservedOrder("challah", 1, {
      slotDate: friday,
      slotTime: "delivery",
      fulfilment: "delivery",
      address: "1 Mill Lane",
      postcode: "BS1 4DJ",
    });
    const { response, html } = await postForm(
      "/admin/calendar",
      weekPost((weekday) => ({ ...seedWeek(weekday), deliveries: weekday === 5 ? 0 : seedWeek(weekday).deliveries })),
      staff.cookie,
    );
    expect(response.status).toBe(409);
    expect(html).toContain(`1 deliveries are already booked on ${longDay(friday)}: enter at least 1.`);
    expect((await readShopCalendar(testContext().db, today)).weekdays[5]?.deliveryCapacity).toBe(12);
  });

  it("adds, changes and removes collection windows, never under orders already booked", async () => {
    const staff = await signedInAs("staff");
    const added = await postForm(
      "/admin/calendar",
      { intent: "window-add", startsAt: "16:00", endsAt: "17:30", capacity: "4" },
      staff.cookie,
    );
    expect(added.response.status).toBe(303);
    const tuesday = next(2);
    expect(await checkoutPage()).toContain(`${longDay(tuesday)}, 16:00–17:30`);

    await reservedOrder("cardamom-bun", 1, { slotDate: tuesday, slotTime: "16:00" });
    const tooSmall = await postForm(
      "/admin/calendar",
      { intent: "window-change", startsAt: "16:00", endsAt: "17:30", capacity: "0" },
      staff.cookie,
    );
    expect(tooSmall.response.status).toBe(409);
    expect(tooSmall.html).toContain(`1 orders are already booked for 16:00 on ${longDay(tuesday)}: enter at least 1.`);
    const longer = await postForm(
      "/admin/calendar",
      { intent: "window-change", startsAt: "16:00", endsAt: "18:00", capacity: "6" },
      staff.cookie,
    );
    expect(longer.response.status).toBe(303);
    expect(await checkoutPage()).toContain(`${longDay(tuesday)}, 16:00–18:00`);
    const booking = await env.DB.prepare(
      "SELECT capacity FROM slot_bookings WHERE slot_date = ? AND slot_time = '16:00'",
    )
      .bind(tuesday)
      .first();
    expect(booking).toEqual({ capacity: 6 });

    const refused = await postForm("/admin/calendar", { intent: "window-remove", startsAt: "16:00" }, staff.cookie);
    expect(refused.response.status).toBe(409);
    expect(refused.html).toContain(`Orders are booked for 16:00 on ${longDay(tuesday)}`);
    const unbooked = await postForm(
      "/admin/calendar",
      { intent: "window-add", startsAt: "07:00", endsAt: "08:00", capacity: "2" },
      staff.cookie,
    );
    expect(unbooked.response.status).toBe(303);
    const removed = await postForm("/admin/calendar", { intent: "window-remove", startsAt: "07:00" }, staff.cookie);
    expect(removed.response.status).toBe(303);
    expect(await checkoutPage()).not.toContain(", 07:00–08:00");
  });

  it("opens a bake day's menu at a set time, and the product page says when", async () => {
    const staff = await signedInAs("staff");
    const saturday = next(6);
    const saved = await postForm(
      "/admin/calendar",
      { intent: "drop-save", bakeDate: saturday, opensOn: addDays(saturday, -2), opensAt: "18:00" },
      staff.cookie,
    );
    expect(saved.response.status).toBe(303);
    const before = await get("/products/cinnamon-bun", {
      headers: { "X-Test-Now": `${addDays(saturday, -3)}T09:00:00Z` },
    });
    expect(before.html.replaceAll("<!-- -->", "")).toMatch(/Sat \d+ \w+<\/span>: \d+ on sale from Thu \d+ \w+, 18:00/);
    expect(
      (await postForm("/admin/calendar", { intent: "drop-remove", bakeDate: saturday }, staff.cookie)).response.status,
    ).toBe(303);
  });

  it("answers bad input by the field, with nothing saved", async () => {
    const staff = await signedInAs("staff");
    const badTime = await postForm(
      "/admin/calendar",
      { intent: "window-add", startsAt: "25:00", endsAt: "26:00", capacity: "4" },
      staff.cookie,
    );
    expect(badTime.response.status).toBe(400);
    expect(badTime.html).toContain("Enter when it starts as hours and minutes, like 08:00");
    const backwards = await postForm(
      "/admin/calendar",
      { intent: "window-add", startsAt: "15:00", endsAt: "14:00", capacity: "4" },
      staff.cookie,
    );
    expect(backwards.response.status).toBe(400);
    expect(backwards.html).toContain("End after it starts");
    const past = await postForm("/admin/calendar", { intent: "closure-add", date: addDays(today, -3) }, staff.cookie);
    expect(past.response.status).toBe(409);
    expect(past.html).toContain("Choose a day from today on.");
    const windows = await env.DB.prepare("SELECT starts_at FROM collection_windows ORDER BY starts_at").all();
    expect(windows.results.map((row) => row.starts_at)).not.toContain("15:00");
  });
});
