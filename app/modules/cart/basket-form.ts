import { z } from "zod";
import { MAX_PER_ORDER_CEILING } from "../../lib/constants";
import { CONTROL_CHARACTER_MESSAGE, SINGLE_LINE_TEXT } from "../../lib/plain-text";
import { promotionCode } from "../promotions/promotion-form";

const productId = z.coerce.number({ message: "Choose a product" }).int().positive();
const lineId = z.coerce.number({ message: "Choose a line of your basket" }).int().positive();
const quantity = (min: number) =>
  z.coerce
    .number({ message: "Enter a number" })
    .int("Enter a whole number")
    .min(min, min === 0 ? "Enter 0 or more" : "Enter at least 1")
    // Each product's own maximum is applied when the basket changes (clamped, and said).
    .max(MAX_PER_ORDER_CEILING, `You can buy up to ${MAX_PER_ORDER_CEILING} of each item`);

/** The basket's actions share one form schema, picked by the submit button's `intent`. */
export const BasketFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    productId,
    quantity: quantity(1).default(1),
    /** The option values chosen, one per choice the product offers (checked against them). */
    choices: z.array(z.coerce.number().int().positive()).max(3).default([]),
    message: z
      .string()
      .trim()
      .max(60, "Use 60 characters or fewer")
      .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE)
      .default(""),
    // Never stored or shown: safeRedirect decides where it may lead (a bad one leads home).
    redirectTo: z.string().optional(),
  }),
  z.object({ intent: z.literal("set"), lineId, quantity: quantity(0) }),
  z.object({ intent: z.literal("remove"), lineId }),
  /** A promotion code for the order (decision 030), checked now and again at checkout. */
  z.object({ intent: z.literal("promotion"), code: promotionCode }),
  z.object({ intent: z.literal("remove-promotion") }),
  z.object({
    intent: z.literal("day"),
    /** Empty: "no day yet". Whether the shop bakes that day is checked against the calendar. */
    bakeDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Choose a day from the list")
      .optional(),
  }),
]);
