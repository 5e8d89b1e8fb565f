import { z } from "zod";
import { calendarDate } from "../../lib/form-fields";
import { parseMinorUnits } from "../../lib/money";

/** Codes as customers type them: letters, digits and hyphens, compared in capitals. */
export const PROMOTION_CODE = /^[A-Z0-9][A-Z0-9-]{2,29}$/;
const CODE_MESSAGE = "Use 3 to 30 letters, digits or hyphens, like SPRING10";

export const promotionCode = z
  .string({ message: "Enter a promotion code" })
  .trim()
  .transform((code) => code.toUpperCase())
  .pipe(z.string().min(1, "Enter a promotion code").regex(PROMOTION_CODE, CODE_MESSAGE));

const pounds = (message: string) =>
  z
    .string()
    .trim()
    .transform((value) => value.replace(/^£/, ""))
    .pipe(z.string().refine((value) => value === "" || parseMinorUnits(value) !== null, message))
    .transform((value) => (value === "" ? null : parseMinorUnits(value)));

/** Admin → Promotion codes: a new code and what it takes off. */
export const CreatePromotionSchema = z
  .object({
    code: promotionCode,
    kind: z.enum(["percent", "amount"], { message: "Choose a percentage or an amount off" }),
    percentOff: z
      .string()
      .trim()
      .transform((value) => value.replace(/%$/, ""))
      .pipe(z.string().regex(/^(\d{1,3})?$/, "Enter a whole percentage from 1 to 100"))
      .transform((value) => (value === "" ? null : Number(value)))
      .default(null),
    amountOff: pounds("Enter an amount in pounds and pence, like 5.00").default(null),
    minimumOrder: pounds("Enter an amount in pounds and pence, like 20.00").default(null),
    firstOrderOnly: z.literal("on").optional(),
    /** The last day it can be used (shop time), if it ends. */
    lastDay: calendarDate("Choose the last day it can be used").optional(),
    maxRedemptions: z
      .string()
      .trim()
      .pipe(z.string().regex(/^(\d{1,6})?$/, "Enter a whole number of orders, like 100"))
      .transform((value) => (value === "" ? null : Number(value)))
      .pipe(z.number().int().min(1, "At least 1 order").nullable())
      .default(null),
  })
  .superRefine((form, context) => {
    if (form.kind === "percent" && (form.percentOff === null || form.percentOff < 1 || form.percentOff > 100)) {
      context.addIssue({ code: "custom", path: ["percentOff"], message: "Enter a whole percentage from 1 to 100" });
    }
    if (form.kind === "amount" && (form.amountOff === null || form.amountOff <= 0)) {
      context.addIssue({ code: "custom", path: ["amountOff"], message: "Enter the amount off, like 5.00" });
    }
  });

export type CreatePromotion = z.output<typeof CreatePromotionSchema>;

/** Admin → Promotion codes: stop a code, or set one up at Stripe again after Stripe could not be reached. */
export const PromotionActionSchema = z.object({
  intent: z.enum(["stop", "retry"]),
  id: z.coerce.number().int().positive(),
});
