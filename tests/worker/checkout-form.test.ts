import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DELIVERY_RULES } from "../../app/lib/constants";
import { collectionSlots, deliveryDays } from "../../app/modules/checkout/slots";
import { SEED_CALENDAR } from "../fixtures/seed-calendar";
import { cookieFrom, get, postForm } from "./helpers";
import { bakedOn, held, product } from "./orders-helpers";

async function basketWith(slug: string, quantity: number) {
  const { id } = await product(slug);
  const { response } = await postForm("/basket", { intent: "add", productId: id, quantity });
  return cookieFrom(response);
}

const orderCount = () => env.DB.prepare("SELECT count(*) AS n FROM orders").first<number>("n");

describe("POST /checkout with bad input", () => {
  it("answers 400 with a message by each field, keeps the values, and writes nothing", async () => {
    const cookie = await basketWith("country-sourdough", 1);
    const before = await orderCount();
    const { response, html } = await postForm(
      "/checkout",
      { name: "", email: "not-an-email", phone: "0117 496 0000", fulfilment: "collection", collectionSlot: "" },
      cookie,
    );
    expect(response.status).toBe(400);
    expect(html).toContain("Enter your name");
    expect(html).toContain("Enter an email address like name@example.com");
    expect(html).toContain("Choose a collection time");
    expect(html).toContain('value="not-an-email"');
    expect(html).toContain('value="0117 496 0000"');
    expect(await orderCount()).toBe(before);
  });

  it("refuses delivery outside the delivery area, by the postcode", async () => {
    const cookie = await basketWith("carrot-cake", 1);
    const { response, html } = await postForm(
      "/checkout",
      {
        name: "Ada",
        email: "ada@example.com",
        fulfilment: "delivery",
        deliveryDate: deliveryDays(new Date(), SEED_CALENDAR)[0]?.date ?? "",
        address: "1 High Street",
        postcode: "SW1A 1AA",
      },
      cookie,
    );
    expect(response.status).toBe(400);
    expect(html).toContain("Sorry, we don&#x27;t deliver there yet: choose collection");
    expect(html).toContain('value="SW1A 1AA"');
  });

  it("refuses delivery below the minimum order", async () => {
    const cookie = await basketWith("butter-croissant", 1);
    const before = await orderCount();
    const { response, html } = await postForm(
      "/checkout",
      {
        name: "Ada",
        email: "ada@example.com",
        fulfilment: "delivery",
        deliveryDate: deliveryDays(new Date(), SEED_CALENDAR)[0]?.date ?? "",
        address: "1 High Street",
        postcode: "BS6 5AB",
      },
      cookie,
    );
    expect(response.status).toBe(400);
    expect(html).toContain(
      `Delivery needs an order of at least £${(DELIVERY_RULES.minimumOrderPence / 100).toFixed(2)}`,
    );
    expect(await orderCount()).toBe(before);
  });

  it("sends an empty basket back to the basket page", async () => {
    const { response } = await get("/checkout", { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/basket");
  });
});

it("asks for a collection time once the details are right", async () => {
  const cookie = await basketWith("country-sourdough", 1);
  const { response, html } = await postForm(
    "/checkout",
    { name: "Ada", email: "ada@example.com", fulfilment: "collection", collectionSlot: "2001-01-01T08:00" },
    cookie,
  );
  expect(response.status).toBe(400);
  expect(html).toContain("Choose a collection time");
});

describe("POST /checkout that succeeds", () => {
  it("reserves the order and sends the shopper to Stripe's hosted page (the stand-in) with 303", async () => {
    const cookie = await basketWith("danish-rye", 2);
    const heldBefore = await held("danish-rye");
    const slot = collectionSlots(new Date(), SEED_CALENDAR).at(-1);
    const { response } = await postForm(
      "/checkout",
      {
        name: "Ada",
        email: "ada@example.com",
        fulfilment: "collection",
        collectionSlot: `${slot?.date}T${slot?.time}`,
      },
      cookie,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toMatch(new RegExp(`^${env.STANDIN_URL}/c/pay/cs_test_`));
    expect(await held("danish-rye")).toBe(heldBefore + 2);
    const order = await env.DB.prepare(
      "SELECT status, total_pence, stripe_session_id FROM orders WHERE email = 'ada@example.com' ORDER BY id DESC LIMIT 1",
    ).first();
    expect(order).toMatchObject({ status: "pending", total_pence: 1040 });
    expect(String(order?.stripe_session_id)).toMatch(/^cs_test_/);

    // Checking out again (back from Stripe) replaces the first reservation instead of doubling it.
    const again = await postForm(
      "/checkout",
      {
        name: "Ada",
        email: "ada@example.com",
        fulfilment: "collection",
        collectionSlot: `${slot?.date}T${slot?.time}`,
      },
      cookie,
    );
    expect(again.response.status).toBe(303);
    expect(await held("danish-rye")).toBe(heldBefore + 2);
  });
});

describe("the request clock", () => {
  it("is pinned in tests: at 18:30 on Tuesday 1 December, Wednesday's collections are closed and Thursday's are first", async () => {
    const cookie = await basketWith("country-sourdough", 1);
    const at = async (instant: string) =>
      (await get("/checkout", { headers: { Cookie: cookie, "X-Test-Now": instant } })).html;
    const before = await at("2026-12-01T17:59:00Z");
    expect(before).toContain('value="2026-12-02T08:00"');
    const after = await at("2026-12-01T18:30:00Z");
    expect(after).not.toContain('value="2026-12-02T');
    expect(after).toContain('value="2026-12-03T08:00"');
  });
});

describe("checkout offers only the days the bakery bakes the whole basket", () => {
  it("disables a day a line is not baked and a closure, and says why by each", async () => {
    await bakedOn("challah", "2026-12-03", 0);
    await env.DB.prepare("INSERT INTO closures (date, reason) VALUES ('2026-12-04', 'Staff training')").run();
    const cookie = await basketWith("challah", 1);
    const { html } = await get("/checkout", { headers: { Cookie: cookie, "X-Test-Now": "2026-12-01T09:00:00Z" } });
    const option = (value: string) => html.match(new RegExp(`<option[^>]*value="${value}"[^>]*>([^<]*)<`))?.[0] ?? "";
    expect(option("2026-12-02T08:00")).not.toContain("disabled");
    expect(option("2026-12-03T08:00")).toContain("disabled");
    expect(option("2026-12-03T08:00")).toContain("(not for this basket)");
    expect(option("2026-12-04T08:00")).toContain("disabled");
    const text = html.replaceAll("<!-- -->", "");
    expect(text).toContain("Thursday 3 December: Challah isn&#x27;t baked that day.");
    expect(text).toContain("Friday 4 December: We&#x27;re closed (Staff training).");
  });
});
