import { z } from "zod";
import { emailAddress } from "../../lib/form-fields";
import { CONTROL_CHARACTER_MESSAGE, SINGLE_LINE_TEXT } from "../../lib/plain-text";
import { PASSWORD_MAX_LENGTH } from "../auth/password";

/** Account → Your data → Delete: the current password (if the account has one) and a clear yes. */
export const DeleteAccountSchema = z.object({
  currentPassword: z.string().max(PASSWORD_MAX_LENGTH).regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE).optional(),
  confirm: z.literal("on", { message: "Tick the box to say you want your account deleted" }),
});

/** Admin → Customer data: whose (an account's address, or a guest's). */
export const CustomerLookupSchema = z.object({ email: emailAddress });

/** Admin → Customer data → Erase: the address typed again, so the wrong person is not erased. */
export const EraseCustomerSchema = z
  .object({ email: emailAddress, confirmEmail: z.string().trim().max(254) })
  .refine((value) => value.confirmEmail.toLowerCase() === value.email.toLowerCase(), {
    path: ["confirmEmail"],
    message: "Type the customer's email address again to confirm",
  });
