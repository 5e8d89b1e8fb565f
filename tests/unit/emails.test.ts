import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { openingHours } from "../../app/lib/opening-hours";
import { orderConfirmationEmail, orderProgressEmail, refundEmail } from "../../app/modules/email/order-emails.server";
import { renderEmail } from "../../app/modules/email/render-email.server";
import { AccountEmail } from "../../app/modules/email/templates/account-email";
import type { OrderView } from "../../app/modules/orders/order-queries.server";
import { EXAMPLE_BAKERY, SAVED_BAKERY } from "../fixtures/bakery-details";
import { SEED_CALENDAR } from "../fixtures/seed-calendar";

const order: OrderView = {
  id: 1,
  number: "BB-7K2QX9",
  accessToken: "token",
  email: "robin@example.com",
  // A name is typed by the customer: it must come out as text, never markup.
  name: "Robin <b>Rye</b> & Co",
  status: "paid",
  fulfilment: "delivery",
  slotDate: "2026-12-04",
  slotTime: "delivery",
  deliveryAddress: "1 Mill Lane",
  deliveryPostcode: "BS1 4DJ",
  subtotalPence: 1290,
  deliveryFeePence: 350,
  totalPence: 1640,
  currency: "GBP",
  createdAt: "2026-12-01T09:00:00.000Z",
  phone: "",
  fulfilmentStatus: "new",
  refundedPence: 0,
  pendingRefundPence: 0,
  discountPence: 0,
  promotionCode: null,
  vatReceiptId: null,
  stripePaymentIntentId: null,
  flags: [],
  paidAt: "2026-12-01T09:01:00.000Z",
  items: [
    { productId: 1, name: "Country Sourdough", unitPricePence: 480, quantity: 2, message: "" },
    {
      productId: 2,
      name: "Carrot Cake (Size: 8 inch)",
      unitPricePence: 330,
      quantity: 1,
      message: "Happy birthday, Ada",
    },
  ],
};
const url = "https://bandofbakers.example/orders/BB-7K2QX9?token=abc";
const HOURS = openingHours(SEED_CALENDAR);
const SHOP = { openingHours: HOURS, bakery: EXAMPLE_BAKERY };

/** What every email carries at its foot, in both versions, and what lets dark mode work. */
function expectLayout(email: { html: string; text: string }) {
  for (const body of [email.html, email.text]) {
    expect(body).toContain("Band of Bakers, 4 Mill Yard, Stokes Croft, Bristol BS1 3QY");
    expect(body).toContain("hello@bandofbakers.example");
    expect(body).toContain("0117 496 0321");
    expect(body).toContain(`Open for collection ${HOURS}`);
    // The migration's example details say so, until an admin saves the bakery's own.
    expect(body).toContain("These are example details");
  }
  expect(email.html).toContain('<meta name="color-scheme" content="light dark"');
  expect(email.html).toContain("prefers-color-scheme: dark");
  // Plain text has no markup of ours (a name may still hold "<", as typed).
  expect(email.text).not.toMatch(/<(p|a|td|table|div|span)[ >]/);
}

describe("emails (one layout, HTML and plain text from one component)", () => {
  it("opening hours come from the shop's calendar", () => {
    expect(openingHours(SEED_CALENDAR)).toBe("Tuesday to Saturday, 08:00–16:00");
    const weekends = {
      ...SEED_CALENDAR,
      weekdays: SEED_CALENDAR.weekdays.map((day) => ({ ...day, open: day.weekday === 6 || day.weekday === 0 })),
    };
    expect(openingHours(weekends)).toBe("Saturday, Sunday, 08:00–16:00");
  });

  it("order confirmation: lines, delivery, total, when and where, the order's link; the name is text", async () => {
    const email = await orderConfirmationEmail(order, url, SHOP);
    expect(email.subject).toBe("Your Band of Bakers order BB-7K2QX9");
    expect(email.html).toContain("Robin &lt;b&gt;Rye&lt;/b&gt; &amp; Co");
    expect(email.html).not.toContain("<b>Rye</b>");
    for (const body of [email.html, email.text]) {
      expect(body).toContain("Country Sourdough × 2");
      expect(body).toContain("Carrot Cake (Size: 8 inch) × 1, message: “Happy birthday, Ada”");
      expect(body).toContain("£9.60");
      expect(body).toContain("Delivery");
      expect(body).toContain("£3.50");
      expect(body).toContain("£16.40");
      expect(body).toContain("1 Mill Lane, BS1 4DJ");
      expect(body).toContain("Friday 4 December");
    }
    expect(email.html).toContain(`href="${url.replace("&", "&amp;")}"`);
    expect(email.text).toContain(url);
    expectLayout(email);
  });

  it("ready to collect, and on its way", async () => {
    const ready = await orderProgressEmail(
      { ...order, fulfilment: "collection", slotTime: "10:00" },
      "order-ready",
      url,
      SHOP,
    );
    expect(ready.subject).toBe("Your Band of Bakers order BB-7K2QX9 is ready");
    expect(ready.text).toContain("Your order BB-7K2QX9 is baked and ready for you.");
    expect(ready.text).toContain("10:00");
    // Where and how to collect, with a map.
    expect(ready.text).toContain("Collect from Band of Bakers, 4 Mill Yard, Stokes Croft, Bristol BS1 3QY.");
    expect(ready.text).toContain("ring the bell by the side door");
    expect(ready.html).toContain('href="https://www.openstreetmap.org/search?query=4%20Mill%20Yard');
    expectLayout(ready);

    const onItsWay = await orderProgressEmail(order, "order-dispatched", url, SHOP);
    expect(onItsWay.subject).toBe("Your Band of Bakers order BB-7K2QX9 is on its way");
    expect(onItsWay.text).toContain("has left the bakery and is on its way to 1 Mill Lane");
    expect(onItsWay.text).toContain(url);
    expectLayout(onItsWay);
  });

  it("refunds say how much, and whether the order is cancelled", async () => {
    const partial = await refundEmail(order, 480, false, url, SHOP);
    expect(partial.subject).toBe("Refund for your Band of Bakers order BB-7K2QX9");
    expect(partial.text).toContain("We've refunded £4.80 for your order BB-7K2QX9.");
    expect(partial.text).toContain("5–10 working days");
    const cancelled = await refundEmail(order, 1640, true, url, SHOP);
    expect(cancelled.text).toContain("We've cancelled your order BB-7K2QX9 and refunded £16.40.");
    expectLayout(cancelled);
  });

  it("account emails: why it came, the button, and the same link in plain text", async () => {
    const link = "https://bandofbakers.example/verify-email?token=t0k3n";
    const email = await renderEmail(
      "Confirm your email for Band of Bakers",
      createElement(AccountEmail, {
        subject: "Confirm your email for Band of Bakers",
        paragraphs: ["Please confirm this is your email address.", "The link works once."],
        action: { label: "Confirm my email", link },
      }),
      SHOP,
    );
    expect(email.html).toContain(`href="${link}"`);
    expect(email.html).toContain("Confirm my email");
    expect(email.text).toContain(link);
    expect(email.text.indexOf("Please confirm")).toBeLessThan(email.text.indexOf("The link works once."));
    expectLayout(email);
  });

  it("the footer shows the details an admin saved, with the company and VAT numbers, and no example note", async () => {
    const email = await orderConfirmationEmail(order, url, { openingHours: HOURS, bakery: SAVED_BAKERY });
    for (const body of [email.html, email.text]) {
      expect(body).toContain("Band of Bakers Ltd, 4 Mill Yard");
      expect(body).toContain("Company number 01234567 · VAT GB123456789");
      expect(body).not.toContain("example details");
      // A delivery order says nothing about collecting.
      expect(body).not.toContain("Collect from");
    }
  });
});
