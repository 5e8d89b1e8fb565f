import { z } from "zod";
import { CONTROL_CHARACTER_MESSAGE, SINGLE_LINE_TEXT } from "../../lib/plain-text";

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const time = (what: string) =>
  z.string({ message: `Enter ${what}, like 08:00` }).regex(TIME, `Enter ${what} as hours and minutes, like 08:00`);
const date = (what: string) =>
  z
    .string({ message: `Choose ${what}` })
    .regex(DATE, `Choose ${what}`)
    .refine((value) => !Number.isNaN(Date.parse(`${value}T12:00:00Z`)), `Choose ${what}`);
const capacity = (what: string) =>
  z.coerce
    .number({ message: `Enter ${what}` })
    .int("Whole numbers only")
    .min(0, "Can't be negative")
    .max(500, "At most 500");

/** The week: which days the shop opens, and how many deliveries each can take. */
export const CalendarWeekSchema = z.object({
  days: z
    .array(
      z.object({
        weekday: z.coerce.number().int().min(0).max(6),
        open: z.literal("on").optional(),
        deliveries: capacity("how many deliveries, 0 for none"),
      }),
    )
    .length(7),
});

/** A collection window: when it starts and ends, and how many orders it takes. */
export const CollectionWindowSchema = z
  .object({
    startsAt: time("when it starts"),
    endsAt: time("when it ends"),
    capacity: capacity("how many orders it takes"),
  })
  .refine((window) => window.endsAt > window.startsAt, { path: ["endsAt"], message: "End after it starts" });

/** A saved window: its start is fixed (orders are booked by it); its end and capacity change. */
export const WindowChangeSchema = z
  .object({
    startsAt: time("when it starts"),
    endsAt: time("when it ends"),
    capacity: capacity("how many orders it takes"),
  })
  .refine((window) => window.endsAt > window.startsAt, { path: ["endsAt"], message: "End after it starts" });

export const WindowRemoveSchema = z.object({ startsAt: time("the window") });

/** A day the shop is shut (a bank holiday, the baker's holiday), with the reason shoppers see. */
export const ClosureSchema = z.object({
  date: date("the day"),
  reason: z
    .string()
    .trim()
    .max(60, "Use 60 characters or fewer")
    .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE)
    .default(""),
});

export const ClosureRemoveSchema = z.object({ date: date("the day") });

/** A bake day whose menu opens for orders at a set moment (the weekend at Thursday 18:00). */
export const DropSchema = z
  .object({
    bakeDate: date("the bake day"),
    opensOn: date("the day it opens"),
    opensAt: time("the time it opens"),
  })
  .refine((drop) => drop.opensOn < drop.bakeDate, { path: ["opensOn"], message: "Open it before the bake day" });

export const DropRemoveSchema = z.object({ bakeDate: date("the bake day") });
