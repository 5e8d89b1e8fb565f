import { z } from "zod";
import { FULFILMENT_STATUSES } from "../../../database/schema";
import { parseMinorUnits } from "../../lib/money";
import { CONTROL_CHARACTER_MESSAGE, MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from "../../lib/plain-text";

export const AdvanceSchema = z.object({
  intent: z.literal("advance"),
  from: z.enum(FULFILMENT_STATUSES),
  to: z.enum(FULFILMENT_STATUSES),
});

/** The most orders one post moves: the list shows at most this many. */
export const MOST_ORDERS_A_STEP = 100;

/** A ticked order on the list: its number and the progress staff saw ("BB-7K4Q2X@baking"). */
const TICKED_ORDER = new RegExp(`^(BB-[0-9A-Z]{6})@(${FULFILMENT_STATUSES.join("|")})$`);

/** The list's bulk step: the orders ticked, and the step the button pressed takes them to. */
export const BulkStepSchema = z.object({
  to: z.enum(FULFILMENT_STATUSES),
  orders: z
    .array(z.string().regex(TICKED_ORDER, "That isn't an order on this list"))
    .min(1, "Tick the orders to move first")
    .max(MOST_ORDERS_A_STEP, `Move at most ${MOST_ORDERS_A_STEP} orders at a time`),
  /** The list's filters (its query string), to come back to the same list. */
  list: z.string().max(500).regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE).default(""),
});

/** A ticked box's value as the step needs it. */
export function tickedOrder(value: string): { number: string; from: (typeof FULFILMENT_STATUSES)[number] } {
  const [, number = "", from = "new"] = TICKED_ORDER.exec(value) ?? [];
  return { number, from: from as (typeof FULFILMENT_STATUSES)[number] };
}

/** "Mark as dealt with" on one of the order's flags. */
export const ClearFlagSchema = z.object({
  flag: z.string().max(40).regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
});

/** The first step of a refund: what staff type. Confirming sends the same values plus a key. */
export const RefundSchema = z.object({
  amount: z
    .string({ message: "Enter the amount to refund, like 4.50" })
    .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE)
    .refine((value) => (parseMinorUnits(value) ?? 0) > 0, "Enter an amount in pounds and pence, like 4.50"),
  reason: z
    .string()
    .trim()
    .max(200, "Use 200 characters or fewer")
    .regex(MULTI_LINE_TEXT, CONTROL_CHARACTER_MESSAGE)
    .default(""),
  cancel: z.literal("on").optional(),
});

export const ConfirmRefundSchema = z.object({
  amountPence: z.coerce.number().int().positive(),
  reason: z.string().max(200).regex(MULTI_LINE_TEXT, CONTROL_CHARACTER_MESSAGE).default(""),
  cancel: z.enum(["yes", "no"]),
  idempotencyKey: z.uuid(),
});

/** The list's filters, from the query string; anything unrecognised is ignored, not an error. */
export const OrderFilters = z.object({
  progress: z.enum(FULFILMENT_STATUSES).optional().catch(undefined),
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  /** A collection window's start ("08:00"), or "delivery": the calendar's windows are offered. */
  slot: z
    .string()
    .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^delivery$/)
    .optional()
    .catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  /** Unpaid and expired checkouts are hidden unless asked for. */
  unpaid: z.literal("1").optional().catch(undefined),
});
export type OrderFilters = z.infer<typeof OrderFilters>;
