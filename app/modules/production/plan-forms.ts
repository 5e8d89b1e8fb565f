import { z } from "zod";
import { CONTROL_CHARACTER_MESSAGE, SINGLE_LINE_TEXT } from "../../lib/plain-text";

/** The largest grid post accepted: 2 000 cells of three fields each, with room to spare. */
export const GRID_FORM_MAX_BYTES = 256 * 1024;

/** Most of one product the grid lets a bakery plan on one day. */
export const MOST_PLANNED_A_DAY = 9999;

const count = (what: string) =>
  z.coerce
    .number({ message: `Enter ${what}` })
    .int("Whole numbers only")
    .min(0, "Can't be negative")
    .max(MOST_PLANNED_A_DAY, `At most ${MOST_PLANNED_A_DAY}`);

/** What the editor saw in a cell when the page loaded (optimistic concurrency per cell). */
const seen = z.coerce.number().int().min(0).max(MOST_PLANNED_A_DAY);

/** "12@2026-12-05": a product on a date; "12.7@2026-12-05": its value 7 planned apart (`planKey`). */
export const DAY_CELL = /^(\d{1,9})(?:\.(\d{1,9}))?@(\d{4}-\d{2}-\d{2})$/;
/** "12@6": a product (or "12.7" a value of it, or a group) on a weekday, 0 = Sunday. */
export const WEEKDAY_CELL = /^(\d{1,9})(?:\.(\d{1,9}))?@([0-6])$/;

/** The grid's days: every cell posts its product and date, what it showed, and what it says now. */
export const PlanDaysSchema = z.object({
  cells: z
    .array(z.object({ cell: z.string().regex(DAY_CELL), was: seen, quantity: count("how many, 0 for none") }))
    .max(2000),
});

export type PlanDaysForm = z.infer<typeof PlanDaysSchema>;

/**
 * The weekly defaults: each product's number per weekday, and each capacity group's limit per
 * weekday (empty = no limit that day).
 */
export const PlanWeekSchema = z.object({
  products: z
    .array(z.object({ cell: z.string().regex(WEEKDAY_CELL), was: seen, quantity: count("how many, 0 for none") }))
    .max(1000),
  groups: z
    .array(
      z.object({
        cell: z.string().regex(WEEKDAY_CELL),
        was: seen.optional(),
        capacity: count("a limit, or leave it empty for none").optional(),
      }),
    )
    .max(700)
    .default([]),
});

export type PlanWeekForm = z.infer<typeof PlanWeekSchema>;

/** A capacity group: products baked in the same oven, or decorated by the same hands. */
export const GroupCreateSchema = z.object({
  name: z
    .string({ message: "Name the group, like Sourdough oven" })
    .trim()
    .min(1, "Name the group, like Sourdough oven")
    .max(40, "Use 40 characters or fewer")
    .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
});

/** Which products share a group: the boxes ticked (none ticked = none). */
export const GroupMembersSchema = z.object({
  groupId: z.coerce.number().int().positive(),
  products: z.array(z.coerce.number().int().positive()).max(1000).default([]),
});

export const GroupDeleteSchema = z.object({ groupId: z.coerce.number().int().positive() });

/** A shop date from a query string; anything odd means "not given" (the page then uses today). */
const queryDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((date) => !Number.isNaN(Date.parse(`${date}T12:00:00Z`)))
  .optional()
  .catch(undefined);

/** The grid's page: which fortnight (`?from=`). */
export const GridWindow = z.object({ from: queryDate });

/** The bake list's day (`?date=`). */
export const BakeDayQuery = z.object({ date: queryDate });

/** Monday first, as a baker's week runs. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;
