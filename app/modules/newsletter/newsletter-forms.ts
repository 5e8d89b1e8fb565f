import { z } from "zod";
import { NEWSLETTER } from "../../lib/constants";
import { CONTROL_CHARACTER_MESSAGE, MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from "../../lib/plain-text";

const subject = z
  .string({ message: "Write a subject line" })
  .trim()
  .min(1, "Write a subject line")
  .max(NEWSLETTER.subjectMaxLength, `Use ${NEWSLETTER.subjectMaxLength} characters or fewer`)
  .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE);

const body = z
  .string({ message: "Write the newsletter" })
  .trim()
  .min(1, "Write the newsletter")
  .max(NEWSLETTER.bodyMaxLength, `Use ${NEWSLETTER.bodyMaxLength.toLocaleString("en-GB")} characters or fewer`)
  .regex(MULTI_LINE_TEXT, CONTROL_CHARACTER_MESSAGE);

/** Admin → Newsletter: a new newsletter. */
export const NewNewsletterSchema = z.object({ subject, body });

/** Saving a draft, over the version the form was opened at (a newer save is not overwritten). */
export const SaveNewsletterSchema = z.object({
  subject,
  body,
  version: z.coerce.number().int().min(1),
});

/** Sending: the version previewed, and a tick that says it is meant. */
export const SendNewsletterSchema = z.object({
  version: z.coerce.number().int().min(1),
  confirm: z.literal("on", { message: "Tick the box to say this newsletter is ready to go" }),
});

/** Your account → Newsletter: ticked or not. */
export const AccountNewsletterSchema = z.object({ subscribe: z.literal("on").optional() });

export const NEWSLETTER_STATUS_LABELS = { draft: "Draft", sending: "Sending", sent: "Sent" } as const;
