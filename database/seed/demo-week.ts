import { and, eq, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { addDays, weekdayOf } from "../../app/modules/production/availability.ts";
import * as schema from "../schema.ts";
import {
  bakeSchedules,
  capacityGroupLimits,
  capacityGroupProducts,
  capacityGroups,
  categories,
  closures,
  drops,
  productOptions,
  productOptionValues,
  products,
} from "../schema.ts";

const FRIDAY = 5;
const SATURDAY = 6;
const PASTRIES = [
  "butter-croissant",
  "pain-au-chocolat",
  "almond-croissant",
  "seasonal-fruit-danish",
  "vegan-morning-bun",
];
const CELEBRATION_CAKES = ["chocolate-olive-oil-cake", "carrot-cake", "flourless-chocolate-cake"];
const SEASONAL = "spiced-fruit-buns";

/**
 * The demo bakery's week, on top of the catalogue (README, "The demo bakery's week"): bread Tuesday
 * to Saturday; pastries at the weekend only (croissants 24 on Friday, 48 on Saturday); a sourdough
 * oven shared by every sourdough loaf (60 loaves a day, 80 on Saturday); celebration cakes on two
 * days' notice, three a day between them; Danish rye Tuesday to Friday only; spiced fruit buns only
 * until Christmas Eve; shut on Christmas and Boxing Day; and the Saturday after the coming one
 * opening for orders on the Thursday before at 18:00 (a drop). Dates are counted from `today` (shop time), so the demo always shows a live week.
 * Local and e2e state only: the worker tests keep the plain plan (every product every open day).
 */
export async function seedDemoWeek(d1: D1Database, today: string): Promise<void> {
  const db = drizzle(d1, { schema });
  const idsOf = async (slugs: string[]) =>
    (await db.select({ id: products.id }).from(products).where(inArray(products.slug, slugs))).map((row) => row.id);
  const pastryIds = await idsOf(PASTRIES);
  const cakeIds = await idsOf(CELEBRATION_CAKES);
  const [croissant] = await idsOf(["butter-croissant"]);
  const sourdoughIds = (
    await db
      .select({ id: products.id })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(eq(categories.slug, "sourdough"))
  ).map((row) => row.id);
  const christmasYear = today.slice(5) > "12-24" ? Number(today.slice(0, 4)) + 1 : Number(today.slice(0, 4));
  // The weekend menu a week after the coming one opens at a set time (a drop); the coming
  // Saturday (three or more days away, so even a cake's notice allows it) sells as usual.
  let comingSaturday = addDays(today, 3);
  while (weekdayOf(comingSaturday) !== SATURDAY) comingSaturday = addDays(comingSaturday, 1);
  const dropSaturday = addDays(comingSaturday, 7);
  const [danishRye] = await idsOf(["danish-rye"]);

  await db.batch([
    // Weekend pastries: nothing Tuesday to Thursday.
    db
      .delete(bakeSchedules)
      .where(and(inArray(bakeSchedules.productId, pastryIds), sql`${bakeSchedules.weekday} < ${FRIDAY}`)),
    db
      .update(bakeSchedules)
      .set({ quantity: sql`CASE ${bakeSchedules.weekday} WHEN ${SATURDAY} THEN 48 ELSE 24 END` })
      .where(eq(bakeSchedules.productId, croissant ?? 0)),
    db.update(products).set({ orderDeadlineMinutes: 2880, shelfLifeDays: 4 }).where(inArray(products.id, cakeIds)),
    // Pastries are best the day they are baked.
    db.update(products).set({ shelfLifeDays: 0 }).where(inArray(products.id, pastryIds)),
    // Rye is baked Tuesday to Friday: the Saturday oven is for sourdough.
    db
      .delete(bakeSchedules)
      .where(and(eq(bakeSchedules.productId, danishRye ?? 0), eq(bakeSchedules.weekday, SATURDAY))),
    db
      .update(products)
      .set({ sellFrom: `${christmasYear}-12-01`, sellUntil: `${christmasYear}-12-24` })
      .where(eq(products.slug, SEASONAL)),
    db
      .insert(closures)
      .values([
        { date: `${christmasYear}-12-25`, reason: "Christmas Day" },
        { date: `${christmasYear}-12-26`, reason: "Boxing Day" },
      ])
      .onConflictDoNothing(),
    db
      .insert(drops)
      .values({ bakeDate: dropSaturday, opensAt: `${addDays(dropSaturday, -2)}T18:00` })
      .onConflictDoNothing(),
    db
      .insert(capacityGroups)
      .values([{ name: "Sourdough oven" }, { name: "Cake decorator" }])
      .onConflictDoNothing(),
  ]);
  // A celebration cake comes in three sizes and can carry a message; a loaf can be sliced.
  const [carrotCake] = await idsOf(["carrot-cake"]);
  const [whiteTin] = await idsOf(["white-sourdough-tin"]);
  const [size, message, slicing] = await db
    .insert(productOptions)
    .values([
      // Each size is baked to its own number: a row each in the production grid.
      { productId: carrotCake ?? 0, name: "Size", kind: "choice", position: 0, plannedApart: true },
      { productId: carrotCake ?? 0, name: "Message on the cake", kind: "message", position: 1 },
      { productId: whiteTin ?? 0, name: "Slicing", kind: "choice", position: 0 },
    ])
    .onConflictDoNothing()
    .returning({ id: productOptions.id });
  // Its sizes say how many it serves; the one-size label would contradict them.
  await db
    .update(products)
    .set({ sizeLabel: null })
    .where(eq(products.id, carrotCake ?? 0));
  if (size && message && slicing) {
    const sizes = await db
      .insert(productOptionValues)
      .values([
        { optionId: size.id, label: "6 inch (serves 8)", priceDeltaPence: 0, position: 0 },
        { optionId: size.id, label: "8 inch (serves 14)", priceDeltaPence: 1000, position: 1 },
        { optionId: size.id, label: "10 inch (serves 20)", priceDeltaPence: 2000, position: 2 },
        { optionId: slicing.id, label: "Whole", priceDeltaPence: 0, position: 0 },
        { optionId: slicing.id, label: "Sliced", priceDeltaPence: 0, position: 1 },
      ])
      .returning({ id: productOptionValues.id });
    // Tuesday to Friday two 6-inch, two 8-inch and one 10-inch; Saturday one more of the small
    // and the large; the decorator's three a day limits them together.
    const [six, eight, ten] = sizes.map((value) => value.id);
    const perSize = [
      [six, 2, 3],
      [eight, 2, 2],
      [ten, 1, 2],
    ] as const;
    await db.batch([
      db.delete(bakeSchedules).where(eq(bakeSchedules.productId, carrotCake ?? 0)),
      db.insert(bakeSchedules).values(
        perSize.flatMap(([variantId, weekdays, saturday]) =>
          [2, 3, 4, 5, SATURDAY].map((weekday) => ({
            productId: carrotCake ?? 0,
            variantId: variantId ?? 0,
            weekday,
            quantity: weekday === SATURDAY ? saturday : weekdays,
          })),
        ),
      ),
    ]);
  }
  const groups = await db.select().from(capacityGroups);
  const oven = groups.find((group) => group.name === "Sourdough oven")?.id ?? 0;
  const decorator = groups.find((group) => group.name === "Cake decorator")?.id ?? 0;
  await db.batch([
    db
      .insert(capacityGroupLimits)
      .values([
        ...[2, 3, 4, 5].map((weekday) => ({ groupId: oven, weekday, capacity: 60 })),
        { groupId: oven, weekday: SATURDAY, capacity: 80 },
        ...[2, 3, 4, 5, 6].map((weekday) => ({ groupId: decorator, weekday, capacity: 3 })),
      ])
      .onConflictDoNothing(),
    db
      .insert(capacityGroupProducts)
      .values([
        ...sourdoughIds.map((productId) => ({ groupId: oven, productId })),
        ...cakeIds.map((productId) => ({ groupId: decorator, productId })),
      ])
      .onConflictDoNothing(),
  ]);
}
