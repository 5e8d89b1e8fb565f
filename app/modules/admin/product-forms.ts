import { z } from "zod";
import {
  ALLERGEN_IDS,
  DIETARY_TAG_IDS,
  MAX_PER_ORDER_CEILING,
  NOTICE_CHOICES,
  PRODUCT_STATUSES,
  VAT_CATEGORIES,
} from "../../lib/constants";
import { calendarDate } from "../../lib/form-fields";
import { parseMinorUnits } from "../../lib/money";
import { CONTROL_CHARACTER_MESSAGE, MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from "../../lib/plain-text";
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from "../catalog/slug";

/** Free text staff may leave empty; descriptions and ingredients may run over several lines. */
const optionalText = (max: number, lines: "single" | "multi" = "single") =>
  z
    .string()
    .trim()
    .max(max, `Use ${max} characters or fewer`)
    .regex(lines === "multi" ? MULTI_LINE_TEXT : SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE)
    .default("");

const isoDate = calendarDate();

/** The product form as staff fill it in; `version` is the one they opened (optimistic concurrency). */
export const ProductFormSchema = z
  .object({
    name: z
      .string({ message: "Enter the product's name" })
      .trim()
      .min(1, "Enter the product's name")
      .max(100, "Use 100 characters or fewer")
      .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
    slug: z
      .string()
      .trim()
      .max(SLUG_MAX_LENGTH, `Use ${SLUG_MAX_LENGTH} characters or fewer`)
      .regex(SLUG_PATTERN, "Use lower-case letters, digits and dashes, like rye-loaf")
      .optional(),
    categoryId: z.coerce.number({ message: "Choose a category" }).int().positive("Choose a category"),
    price: z
      .string({ message: "Enter a price, like 4.50" })
      .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE)
      .refine((value) => parseMinorUnits(value) !== null, "Enter a price in pounds and pence, like 4.50"),
    summary: optionalText(200),
    description: optionalText(5000, "multi"),
    ingredients: optionalText(2000, "multi"),
    allergens: z.array(z.enum(ALLERGEN_IDS)).default([]),
    dietaryTags: z.array(z.enum(DIETARY_TAG_IDS)).default([]),
    weightGrams: z.coerce.number().int("Whole grams").min(1).max(20000).optional(),
    sizeLabel: optionalText(40),
    maxPerOrder: z.coerce
      .number({ message: "Enter a number" })
      .int("Whole numbers only")
      .min(1, "At least 1")
      .max(MAX_PER_ORDER_CEILING, `At most ${MAX_PER_ORDER_CEILING}`)
      .default(12),
    /** How long before a bake day its orders close (minutes before 00:00 that day). */
    noticeMinutes: z.coerce
      .number({ message: "Choose how much notice it needs" })
      .refine(
        (minutes) => NOTICE_CHOICES.some((choice) => choice.minutes === minutes),
        "Choose how much notice it needs",
      )
      .default(360),
    /** A seasonal bake: on sale only for bake days in this window (either end may be open). */
    sellFrom: isoDate.optional(),
    sellUntil: isoDate.optional(),
    shelfLifeDays: z.coerce
      .number({ message: "Enter how many days it keeps" })
      .int("Whole days")
      .min(0, "Can't be negative")
      .max(365, "At most 365")
      .default(2),
    /** Decision 028: zero-rated unless it is hot food, confectionery or a soft drink. */
    vatCategory: z.enum(VAT_CATEGORIES, { message: "Choose how VAT treats it" }).default("zero"),
    featured: z.literal("on").optional(),
    status: z.enum(PRODUCT_STATUSES).default("draft"),
    /**
     * Only when creating: how many are baked on each day the shop is open, as its weekly default.
     * Afterwards the production grid plans it.
     */
    bakedEachOpenDay: z.coerce.number().int("Whole numbers only").min(0, "Can't be negative").max(9999).optional(),
    version: z.coerce.number().int().optional(),
  })
  .refine((form) => !form.sellFrom || !form.sellUntil || form.sellUntil >= form.sellFrom, {
    path: ["sellUntil"],
    message: "End on or after the first day",
  });
export type ProductForm = z.infer<typeof ProductFormSchema>;

export const StatusChangeSchema = z.object({
  status: z.enum(PRODUCT_STATUSES),
  version: z.coerce.number().int(),
});

export const CategoryFormSchema = z.object({
  name: z
    .string({ message: "Enter a name" })
    .trim()
    .min(1, "Enter a name")
    .max(60, "Use 60 characters or fewer")
    .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
  slug: z.string().trim().max(60).regex(SLUG_PATTERN, "Use lower-case letters, digits and dashes").optional(),
  description: optionalText(500, "multi"),
  position: z.coerce.number().int().min(0).max(1000).default(0),
  /** Absent for a new category. */
  id: z.coerce.number().int().positive().optional(),
});

/** A product's option: a choice among values, or a personal message. */
export const OptionAddSchema = z.object({
  name: z
    .string({ message: "Name the option, like Size" })
    .trim()
    .min(1, "Name the option, like Size")
    .max(40, "Use 40 characters or fewer")
    .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
  kind: z.enum(["choice", "message"], { message: "Choose what kind of option it is" }),
});

export const OptionValueAddSchema = z.object({
  optionId: z.coerce.number().int().positive(),
  label: z
    .string({ message: "Name the value, like 8 inch" })
    .trim()
    .min(1, "Name the value, like 8 inch")
    .max(40, "Use 40 characters or fewer")
    .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
  /** What it adds to the price, in pounds ("6.00"; empty adds nothing). The base price is the smallest. */
  priceDelta: z
    .string()
    .trim()
    .regex(/^\d{1,4}(\.\d{1,2})?$/, "Enter what it adds in pounds and pence, like 6.00")
    .optional(),
});

export const OptionRemoveSchema = z.object({ optionId: z.coerce.number().int().positive() });
/** Whether a choice's values are baked to their own numbers (each its own row of the plan). */
export const OptionPlanningSchema = z.object({
  optionId: z.coerce.number().int().positive(),
  plannedApart: z.enum(["yes", "no"]).transform((answer) => answer === "yes"),
});
export const OptionValueRemoveSchema = z.object({ valueId: z.coerce.number().int().positive() });
