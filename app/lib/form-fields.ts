import { z } from "zod";
import { CONTROL_CHARACTER_MESSAGE, MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from "./plain-text";

/**
 * The fields several forms ask for, each checked the same way everywhere (sign-up, account,
 * checkout): the same limits, the same words when something is wrong.
 */
export const personName = z
  .string({ message: "Enter your name" })
  .trim()
  .min(1, "Enter your name")
  .max(100, "Use 100 characters or fewer")
  .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE);

export const emailAddress = z
  .email({ message: "Enter an email address like name@example.com" })
  .max(254, "Use 254 characters or fewer");

export const phoneNumber = z
  .string()
  .trim()
  .max(30, "Use 30 characters or fewer")
  .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE);

export const postalAddress = z
  .string()
  .trim()
  .max(300, "Use 300 characters or fewer")
  .regex(MULTI_LINE_TEXT, CONTROL_CHARACTER_MESSAGE);

/** A UK postcode, with or without its space ("BS1 3QY"); empty allowed (make it required apart). */
export const ukPostcode = z
  .string()
  .trim()
  .max(10, "Enter a UK postcode")
  .regex(/^([A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2})?$/, "Enter a UK postcode like BS1 4DJ");

/**
 * A calendar date as a date input sends it ("2026-12-05"), and a real one: 31 February is refused
 * (it would otherwise roll over into March).
 */
export const calendarDate = (message = "Choose a date") =>
  z
    .string({ message })
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine((value) => {
      const date = new Date(`${value}T12:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
    }, message);
