import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { MAX_PER_ORDER_CEILING } from "../../app/lib/constants";
import { shopLocalDateTime } from "../../app/modules/checkout/slots";
import { addDays, weekdayOf } from "../../app/modules/production/availability";
import { cookieFrom, get, ORIGIN, postForm } from "./helpers";
import { bakedOn } from "./orders-helpers";

async function productId(slug: string) {
  const row = await env.DB.prepare("SELECT id FROM products WHERE slug = ?").bind(slug).first<{ id: number }>();
  if (!row) throw new Error(slug);
  return row;
}

async function basketLines(cookie: string) {
  const { html } = await get("/basket", { headers: { Cookie: cookie } });
  return html;
}

/** The basket's line ids, in order, as its forms post them. */
async function lineIds(cookie: string) {
  return [...(await basketLines(cookie)).matchAll(/name="lineId" value="(\d+)"/g)].map((match) => match[1] ?? "");
}

describe("basket", () => {
  it("creates a basket on the first add, with a signed HttpOnly cookie, and answers 303", async () => {
    const { id } = await productId("country-sourdough");
    const { response } = await postForm("/basket", { intent: "add", productId: id, quantity: 2 });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/basket");
    const setCookie = response.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^bob_basket=/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");

    const html = await basketLines(cookieFrom(response));
    expect(html).toContain("Country Sourdough");
    expect(html).toContain("Subtotal (2 items)");
    expect(html).toContain("£9.60");
  });

  it("shows the item count in the header and bypasses the shared page cache", async () => {
    const { id } = await productId("butter-croissant");
    const first = await postForm("/basket", { intent: "add", productId: id, quantity: 3 });
    const cookie = cookieFrom(first.response);
    const { html, timing } = await get("/", { headers: { Cookie: cookie } });
    expect(html).toMatch(/Basket<span[^>]*>3<span class="sr-only"> <!-- -->items/);
    expect(timing.page).toBe("bypass");
  });

  it("adds to an existing line, sets and removes quantities", async () => {
    const { id } = await productId("danish-rye");
    const first = await postForm("/basket", { intent: "add", productId: id, quantity: 1 });
    const cookie = cookieFrom(first.response);
    await postForm("/basket", { intent: "add", productId: id, quantity: 2 }, cookie);
    expect(await basketLines(cookie)).toContain("Subtotal (3 items)");

    const [line = ""] = await lineIds(cookie);
    await postForm("/basket", { intent: "set", lineId: line, quantity: 5 }, cookie);
    expect(await basketLines(cookie)).toContain("Subtotal (5 items)");

    const removed = await postForm("/basket", { intent: "remove", lineId: line }, cookie);
    expect(removed.response.status).toBe(303);
    expect(await basketLines(cookie)).toContain("Your basket is empty.");
  });

  it("rejects a bad quantity with a message by the field, the typed value kept, and no change", async () => {
    const { id } = await productId("seeded-sourdough");
    const first = await postForm("/basket", { intent: "add", productId: id, quantity: 1 });
    const cookie = cookieFrom(first.response);
    const [line = ""] = await lineIds(cookie);
    const { response, html } = await postForm("/basket", { intent: "set", lineId: line, quantity: 100 }, cookie);
    expect(response.status).toBe(400);
    expect(html).toContain(`You can buy up to ${MAX_PER_ORDER_CEILING} of each item`);
    expect(html).toMatch(/aria-invalid="true"[^>]*>|value="100"/);
    expect(html).toContain('value="100"');
    expect(await basketLines(cookie)).toContain("Subtotal (1 item)");
  });

  it("refuses a product no coming day has on sale, and unknown products", async () => {
    const { id } = await productId("almond-croissant");
    const unplanned = await postForm("/basket", { intent: "add", productId: id, quantity: 1 });
    expect(unplanned.response.status).toBe(409);
    expect(unplanned.html).toContain("Sorry, that isn&#x27;t on sale for the coming days.");
    const unknown = await postForm("/basket", { intent: "add", productId: 999999, quantity: 1 });
    expect(unknown.response.status).toBe(409);
    expect(unknown.html).toContain("That product is no longer available.");
  });

  it("takes prices from the database, never the form", async () => {
    const { id } = await productId("fougasse");
    const first = await postForm("/basket", { intent: "add", productId: id, quantity: 1, pricePence: 1 });
    const html = await basketLines(cookieFrom(first.response));
    const price = await env.DB.prepare("SELECT price_pence FROM products WHERE id = ?")
      .bind(id)
      .first<number>("price_pence");
    expect(html).toContain(`£${((price ?? 0) / 100).toFixed(2)}`);
    expect(html).not.toContain("£0.01");
  });

  it("ignores a forged basket cookie", async () => {
    const { html } = await get("/basket", { headers: { Cookie: "bob_basket=InNvbWVvbmUtZWxzZSI%3D.forged" } });
    expect(html).toContain("Your basket is empty.");
  });

  it("only redirects to same-site paths", async () => {
    const { id } = await productId("challah");
    const evil = await postForm("/basket", {
      intent: "add",
      productId: id,
      quantity: 1,
      redirectTo: "//evil.example/x",
    });
    expect(evil.response.headers.get("Location")).toBe("/basket");
    const back = await postForm("/basket", {
      intent: "add",
      productId: id,
      quantity: 1,
      redirectTo: "/products/challah",
    });
    expect(back.response.headers.get("Location")).toBe("/products/challah");
  });
});

describe("cross-site form posts", () => {
  it("are refused with 403 before any action runs", async () => {
    const { id } = await productId("challah");
    const body = new URLSearchParams({ intent: "add", productId: String(id), quantity: "1" });
    const response = await fetchWorker("/basket", {
      method: "POST",
      body,
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });
});

async function fetchWorker(path: string, init: RequestInit) {
  const { SELF } = await import("cloudflare:test");
  return SELF.fetch(`${ORIGIN}${path}`, { ...init, redirect: "manual" });
}

describe("concurrent adds", () => {
  it("two adds at once both count", async () => {
    const { id } = await productId("cinnamon-bun");
    const first = await postForm("/basket", { intent: "add", productId: id, quantity: 1 });
    const cookie = cookieFrom(first.response);
    await Promise.all([
      postForm("/basket", { intent: "add", productId: id, quantity: 2 }, cookie),
      postForm("/basket", { intent: "add", productId: id, quantity: 2 }, cookie),
    ]);
    expect(await basketLines(cookie)).toContain("Subtotal (5 items)");
  });
});

describe("per-order maximum", () => {
  it("caps a line at the product's own per-order maximum, and says so", async () => {
    await env.DB.prepare("UPDATE products SET max_per_order = 2 WHERE slug = 'brioche-loaf'").run();
    const { id } = await productId("brioche-loaf");
    const first = await postForm("/basket", { intent: "add", productId: id, quantity: 5 });
    const cookie = cookieFrom(first.response);
    const html = await basketLines(cookie);
    expect(html).toContain("Subtotal (2 items)");
    expect(html).toContain("Up to 2 per order.");
    expect(html).toMatch(/id="quantity-\d+"[^>]*max="2"|max="2"[^>]*id="quantity-/);
  });
});

describe("the basket's bake day", () => {
  const today = shopLocalDateTime(new Date()).slice(0, 10);
  let saturday = addDays(today, 7);
  while (weekdayOf(saturday) !== 6) saturday = addDays(saturday, 1);
  const sunday = addDays(saturday, 1);
  const longDay = new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(new Date(`${saturday}T12:00:00Z`));

  it("is kept with the basket, flags a line not baked that day, and is where checkout starts", async () => {
    await bakedOn("brioche-loaf", saturday, 0);
    const loaf = await productId("country-sourdough");
    const brioche = await productId("brioche-loaf");
    const first = await postForm("/basket", { intent: "add", productId: loaf.id, quantity: 1 });
    const cookie = cookieFrom(first.response);
    await postForm("/basket", { intent: "add", productId: brioche.id, quantity: 1 }, cookie);
    const chose = await postForm("/basket", { intent: "day", bakeDate: saturday }, cookie);
    expect(chose.response.status).toBe(303);

    const html = (await basketLines(cookie)).replaceAll("<!-- -->", "");
    expect(html).toContain(`For ${longDay}`);
    expect(html).toContain(`<option value="${saturday}" selected="">${longDay} (not everything)</option>`);
    const flags = [...html.matchAll(/data-testid="line-day-problem">([^<]*)</g)].map((match) => match[1]);
    expect(flags).toEqual(["Isn&#x27;t baked that day. Remove it or change the quantity, or choose another day."]);

    // Without the brioche, Saturday works, and checkout opens on its first window.
    const [, briocheLine = ""] = await lineIds(cookie);
    await postForm("/basket", { intent: "remove", lineId: briocheLine }, cookie);
    expect(await basketLines(cookie)).toContain("Everything in your basket is baked that day.");
    const checkout = await get("/checkout", { headers: { Cookie: cookie } });
    expect(checkout.html).toContain(`<option value="${saturday}T08:00" selected="">`);
  });

  it("refuses a day the shop does not bake, by the field", async () => {
    const loaf = await productId("country-sourdough");
    const first = await postForm("/basket", { intent: "add", productId: loaf.id, quantity: 1 });
    const cookie = cookieFrom(first.response);
    const { response, html } = await postForm("/basket", { intent: "day", bakeDate: sunday }, cookie);
    expect(response.status).toBe(409);
    expect(html).toContain("We don&#x27;t bake on that day: choose one from the list.");
    expect(await basketLines(cookie)).toContain("Which day is it for?");
  });
});
