import { z } from "zod";
import { emailAddress, phoneNumber, postalAddress, ukPostcode } from "../../lib/form-fields";
import { CONTROL_CHARACTER_MESSAGE, MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from "../../lib/plain-text";

/** Companies House numbers: 8 characters, digits or a two-letter prefix (SC, NI, OC…) and 6 digits. */
const COMPANY_NUMBER = /^([A-Z]{2}\d{6}|\d{8})?$/;
/** A UK VAT registration number: GB and 9 digits (12 for a branch of a group). */
const VAT_NUMBER = /^(GB\d{9}(\d{3})?)?$/;

const compact = (value: string) => value.replace(/\s+/g, "").toUpperCase();

/**
 * A VAT rate typed as a percentage ("20", "17.5"), kept in basis points (2000, 1750) so that VAT is
 * worked out in whole numbers (decision 028).
 */
const vatRatePercent = (which: string) =>
  z
    .string({ message: `Enter the ${which} VAT rate as a percentage, like 20` })
    .trim()
    .transform((value) => value.replace(/%$/, "").trim())
    .pipe(
      z
        .string()
        .regex(/^\d{1,3}(\.\d{1,2})?$/, `Enter the ${which} VAT rate as a percentage, like 20`)
        .transform((value) => Math.round(Number(value) * 100))
        .pipe(z.number().max(10_000, "A VAT rate can't be more than 100%")),
    );

/** Admin → Bakery details: the fields customers see in the footer, at checkout and in emails. */
export const BakeryDetailsSchema = z.object({
  name: z
    .string({ message: "Enter the bakery's name" })
    .trim()
    .min(1, "Enter the bakery's name")
    .max(80, "Use 80 characters or fewer")
    .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
  address: postalAddress.pipe(z.string().min(1, "Enter the street address, one line per line")),
  postcode: ukPostcode.pipe(z.string().min(1, "Enter the bakery's postcode")).transform((code) => code.toUpperCase()),
  collectionInstructions: z
    .string({ message: "Say where and how customers collect" })
    .trim()
    .min(1, "Say where and how customers collect")
    .max(500, "Use 500 characters or fewer")
    .regex(MULTI_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
  phone: phoneNumber.pipe(z.string().min(1, "Enter a phone number customers can call")),
  email: emailAddress,
  companyNumber: z
    .string()
    .trim()
    .transform(compact)
    .pipe(z.string().regex(COMPANY_NUMBER, "Enter the 8-character Companies House number, like 01234567"))
    .default(""),
  vatNumber: z
    .string()
    .trim()
    .transform(compact)
    .pipe(z.string().regex(VAT_NUMBER, "Enter the VAT number like GB123456789"))
    .default(""),
  /** Percentages in the form, basis points once parsed: the column names say which. */
  vatStandardRateBps: vatRatePercent("standard"),
  vatReducedRateBps: vatRatePercent("reduced"),
  /** The version the admin saw: a save over someone else's newer one is refused. */
  version: z.coerce.number().int().positive(),
});

export type BakeryDetailsValues = Omit<z.output<typeof BakeryDetailsSchema>, "version">;
