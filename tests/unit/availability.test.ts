import { describe, expect, it } from "vitest";
import { shopLocalDateTime } from "../../app/modules/checkout/slots";
import {
  basketDay,
  orderDeadline,
  type ProductPlan,
  type ProductPlanContext,
  productDay,
  salesKey,
  sellingDates,
  variantSalesKey,
} from "../../app/modules/production/availability";

// Tue 1 Dec 2026 … the bakery opens Tuesday to Saturday.
const week = { openWeekdays: new Set([2, 3, 4, 5, 6]), closures: new Map<string, string>() };

function context(overrides: Partial<ProductPlanContext> = {}): ProductPlanContext {
  return {
    week,
    groups: new Map(),
    sales: { product: new Map(), variant: new Map(), group: new Map() },
    drops: new Map(),
    ...overrides,
  };
}

const croissant: ProductPlan = {
  productId: 1,
  orderDeadlineMinutes: 360,
  sellFrom: null,
  sellUntil: null,
  // Tue–Fri 24, Saturday 48.
  weekdayQuantities: new Map([
    [2, 24],
    [3, 24],
    [4, 24],
    [5, 24],
    [6, 48],
  ]),
  overrides: new Map(),
  groupIds: [],
  plannedApart: false,
  variants: [],
};

const TUESDAY_NOON = "2026-12-01T12:00";

describe("a product's bake days", () => {
  it("sells the weekday's quantity, and the Saturday batch on Saturday", () => {
    expect(productDay(context(), croissant, "2026-12-04", TUESDAY_NOON)).toEqual({
      date: "2026-12-04",
      status: "available",
      left: 24,
    });
    expect(productDay(context(), croissant, "2026-12-05", TUESDAY_NOON)).toMatchObject({ left: 48 });
  });

  it("is not sold on a day the shop is shut, nor on a closure, which says why", () => {
    expect(productDay(context(), croissant, "2026-12-06", TUESDAY_NOON)).toMatchObject({ status: "closed" });
    const christmas = context({ week: { ...week, closures: new Map([["2026-12-25", "Christmas Day"]]) } });
    expect(productDay(christmas, croissant, "2026-12-25", TUESDAY_NOON)).toEqual({
      date: "2026-12-25",
      status: "closed",
      reason: "Christmas Day",
    });
  });

  it("takes a date's override over the weekday: an extra batch, or none", () => {
    const plan = {
      ...croissant,
      overrides: new Map([
        ["2026-12-03", 0],
        ["2026-12-04", 60],
      ]),
    };
    expect(productDay(context(), plan, "2026-12-03", TUESDAY_NOON)).toMatchObject({ status: "not-baked" });
    expect(productDay(context(), plan, "2026-12-04", TUESDAY_NOON)).toMatchObject({ left: 60 });
  });

  it("sells a seasonal product only inside its window", () => {
    const stollen = { ...croissant, productId: 2, sellFrom: "2026-12-01", sellUntil: "2026-12-24" };
    expect(productDay(context(), stollen, "2026-12-24", TUESDAY_NOON)).toMatchObject({ status: "available" });
    expect(productDay(context(), stollen, "2026-12-26", TUESDAY_NOON)).toMatchObject({ status: "out-of-season" });
  });

  it("counts what is sold against the day, and only that day", () => {
    const sold = context({
      sales: { product: new Map([[salesKey(1, "2026-12-04"), 24]]), variant: new Map(), group: new Map() },
    });
    expect(productDay(sold, croissant, "2026-12-04", TUESDAY_NOON)).toMatchObject({ status: "sold-out" });
    expect(productDay(sold, croissant, "2026-12-05", TUESDAY_NOON)).toMatchObject({ left: 48 });
  });
});

describe("notice and cut-offs", () => {
  it("closes bread at 18:00 the day before, and a cake two days ahead", () => {
    expect(orderDeadline("2026-12-05", 360)).toBe("2026-12-04T18:00");
    expect(orderDeadline("2026-12-05", 2880)).toBe("2026-12-03T00:00");
    expect(productDay(context(), croissant, "2026-12-02", "2026-12-01T17:59")).toMatchObject({ status: "available" });
    expect(productDay(context(), croissant, "2026-12-02", "2026-12-01T18:00")).toEqual({
      date: "2026-12-02",
      status: "too-late",
      closedAt: "2026-12-01T18:00",
    });
  });

  it("keeps 18:00 at 18:00 shop time across the clock changes", () => {
    const tuesday = { ...croissant, weekdayQuantities: new Map([[1, 10]]) };
    const open = context({ week: { openWeekdays: new Set([1]), closures: new Map() } });
    // Clocks go forward on Sunday 29 March 2026: 18:00 BST is 17:00 UTC.
    const beforeSpring = shopLocalDateTime(new Date("2026-03-29T16:59:00Z"));
    const afterSpring = shopLocalDateTime(new Date("2026-03-29T17:00:00Z"));
    expect(productDay(open, tuesday, "2026-03-30", beforeSpring)).toMatchObject({ status: "available" });
    expect(productDay(open, tuesday, "2026-03-30", afterSpring)).toMatchObject({ status: "too-late" });
    // Back on Sunday 25 October 2026: 18:00 GMT is 18:00 UTC.
    expect(productDay(open, tuesday, "2026-10-26", shopLocalDateTime(new Date("2026-10-25T17:59:00Z")))).toMatchObject({
      status: "available",
    });
    expect(productDay(open, tuesday, "2026-10-26", shopLocalDateTime(new Date("2026-10-25T18:00:00Z")))).toMatchObject({
      status: "too-late",
    });
  });

  it("looks far enough ahead for the longest notice: two weeks, or the notice and a week more", () => {
    expect(sellingDates(TUESDAY_NOON, [croissant])).toHaveLength(15);
    const wedding = { orderDeadlineMinutes: 21 * 1440 };
    const dates = sellingDates(TUESDAY_NOON, [croissant, wedding]);
    expect(dates[0]).toBe("2026-12-01");
    expect(dates.at(-1)).toBe("2026-12-29");
  });
});

describe("drops", () => {
  it("shows when a day's menu opens, and sells from that minute", () => {
    const weekend = context({ drops: new Map([["2026-12-05", "2026-12-03T18:00"]]) });
    expect(productDay(weekend, croissant, "2026-12-05", "2026-12-03T17:59")).toEqual({
      date: "2026-12-05",
      status: "opens-later",
      opensAt: "2026-12-03T18:00",
      left: 48,
    });
    expect(productDay(weekend, croissant, "2026-12-05", "2026-12-03T18:00")).toMatchObject({ status: "available" });
    // Other days are not held back by the weekend's drop.
    expect(productDay(weekend, croissant, "2026-12-04", "2026-12-01T12:00")).toMatchObject({ status: "available" });
  });
});

describe("capacity groups (the oven)", () => {
  const oven = { id: 7, name: "Sourdough oven", weekdayCapacities: new Map([[6, 80]]) };
  const country = { ...croissant, productId: 3, weekdayQuantities: new Map([[6, 60]]), groupIds: [7] };
  const rye = { ...croissant, productId: 4, weekdayQuantities: new Map([[6, 40]]), groupIds: [7] };

  it("limits the products in a group together, whatever each could bake alone", () => {
    const busy = context({
      groups: new Map([[7, oven]]),
      sales: {
        product: new Map([[salesKey(3, "2026-12-05"), 50]]),
        variant: new Map(),
        group: new Map([[salesKey(7, "2026-12-05"), 70]]),
      },
    });
    expect(productDay(busy, rye, "2026-12-05", TUESDAY_NOON)).toMatchObject({ left: 10 });
    expect(productDay(busy, country, "2026-12-05", TUESDAY_NOON)).toMatchObject({ left: 10 });
  });

  it("refuses a basket whose lines fit one by one but not together", () => {
    const ctx = context({
      groups: new Map([[7, oven]]),
      sales: { product: new Map(), variant: new Map(), group: new Map([[salesKey(7, "2026-12-05"), 70]]) },
    });
    const plans = new Map([
      [3, country],
      [4, rye],
    ]);
    const lines = [
      { productId: 3, quantity: 6 },
      { productId: 4, quantity: 6 },
    ];
    expect(basketDay(ctx, plans, lines, "2026-12-05", TUESDAY_NOON)).toEqual({
      ok: false,
      problems: [{ key: null, productId: null, kind: "group-full", group: "Sourdough oven", left: 10 }],
    });
    expect(basketDay(ctx, plans, [{ productId: 3, quantity: 10 }], "2026-12-05", TUESDAY_NOON)).toEqual({ ok: true });
  });

  it("says which line cannot be had on the day, and how many are left of a short one", () => {
    const plans = new Map([
      [1, croissant],
      [3, country],
    ]);
    const result = basketDay(
      context({ groups: new Map([[7, oven]]) }),
      plans,
      [
        { productId: 1, quantity: 30 },
        { productId: 3, quantity: 1 },
      ],
      "2026-12-04",
      TUESDAY_NOON,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { key: "1", productId: 1, kind: "short", left: 24 },
        { key: "3", productId: 3, kind: "unavailable", day: { date: "2026-12-04", status: "not-baked" } },
      ],
    });
  });
});

describe("options planned apart (a cake's sizes)", () => {
  const decorator = { id: 9, name: "Cake decorator", weekdayCapacities: new Map([[6, 3]]) };
  // Saturday: two 6-inch and one 8-inch are baked; the cake's own number is not used.
  const cake: ProductPlan = {
    ...croissant,
    productId: 5,
    weekdayQuantities: new Map([[6, 99]]),
    groupIds: [9],
    plannedApart: true,
    variants: [
      { id: 21, label: "6 inch", weekdayQuantities: new Map([[6, 2]]), overrides: new Map() },
      { id: 22, label: "8 inch", weekdayQuantities: new Map([[6, 1]]), overrides: new Map([["2026-12-12", 0]]) },
    ],
  };
  const saturday = "2026-12-05";
  const onSaturday = (variant: Record<string, number>, group = 0) =>
    context({
      groups: new Map([[9, decorator]]),
      sales: {
        product: new Map([[salesKey(5, saturday), Object.values(variant).reduce((a, b) => a + b, 0)]]),
        variant: new Map(Object.entries(variant).map(([id, n]) => [variantSalesKey(5, Number(id), saturday), n])),
        group: new Map([[salesKey(9, saturday), group]]),
      },
    });

  it("sells each size from its own number, and the cake as a whole from all of them", () => {
    const ctx = onSaturday({ 22: 1 }, 1);
    expect(productDay(ctx, cake, saturday, TUESDAY_NOON, 21)).toMatchObject({ status: "available", left: 2 });
    expect(productDay(ctx, cake, saturday, TUESDAY_NOON, 22)).toMatchObject({ status: "sold-out" });
    expect(productDay(ctx, cake, saturday, TUESDAY_NOON)).toMatchObject({ status: "available", left: 2 });
    // A size given none on a date is not baked then; a value with no numbers at all never is.
    expect(productDay(ctx, cake, "2026-12-12", TUESDAY_NOON, 22)).toMatchObject({ status: "not-baked" });
    expect(productDay(ctx, cake, saturday, TUESDAY_NOON, 23)).toMatchObject({ status: "not-baked" });
  });

  it("still counts every size against the cake's shared limit", () => {
    const ctx = onSaturday({ 21: 1, 22: 1 }, 2);
    expect(productDay(ctx, cake, saturday, TUESDAY_NOON, 21)).toMatchObject({ left: 1 });
  });

  it("adds up a basket's lines of one size (with different messages) before comparing", () => {
    const plans = new Map([[5, cake]]);
    const ctx = onSaturday({});
    const twoSixInch = [
      { productId: 5, variantId: 21, quantity: 1 },
      { productId: 5, variantId: 21, quantity: 1 },
    ];
    expect(basketDay(ctx, plans, twoSixInch, saturday, TUESDAY_NOON)).toEqual({ ok: true });
    expect(
      basketDay(ctx, plans, [...twoSixInch, { productId: 5, variantId: 21, quantity: 1 }], saturday, TUESDAY_NOON),
    ).toEqual({ ok: false, problems: [{ key: "5.21", productId: 5, kind: "short", left: 2 }] });
    // Two sizes that each fit, but the decorator can do three a day.
    const sizes = [
      { productId: 5, variantId: 21, quantity: 2 },
      { productId: 5, variantId: 22, quantity: 1 },
    ];
    expect(basketDay(onSaturday({}, 1), plans, sizes, saturday, TUESDAY_NOON)).toEqual({
      ok: false,
      problems: [{ key: null, productId: null, kind: "group-full", group: "Cake decorator", left: 2 }],
    });
  });
});

describe("the notice sentence at checkout", () => {
  it("says when orders close for the basket's longest notice", async () => {
    const { noticeSentence } = await import("../../app/modules/production/basket-days.server");
    expect(noticeSentence(360)).toBe("Orders close at 18:00 the day before each bake day.");
    expect(noticeSentence(2880)).toBe("Orders close at 00:00 2 days before each bake day.");
    expect(noticeSentence(0)).toBe("Orders close at 00:00 the same day each bake day.");
  });
});
