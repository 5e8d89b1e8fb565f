import { z } from "zod";
import { BASKET_MAX_PER_LINE } from "../../lib/constants";

const productId = z.coerce.number({ message: "Choose a product" }).int().positive();
const quantity = (min: number) =>
  z.coerce
    .number({ message: "Enter a number" })
    .int("Enter a whole number")
    .min(min, min === 0 ? "Enter 0 or more" : "Enter at least 1")
    .max(BASKET_MAX_PER_LINE, `You can buy up to ${BASKET_MAX_PER_LINE} of each item`);

/** The basket's three actions share one form schema, picked by the submit button's `intent`. */
export const BasketFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    productId,
    quantity: quantity(1).default(1),
    // Never stored or shown: safeRedirect decides where it may lead (a bad one leads home).
    redirectTo: z.string().optional(),
  }),
  z.object({ intent: z.literal("set"), productId, quantity: quantity(0) }),
  z.object({ intent: z.literal("remove"), productId }),
]);
