import { z } from "zod";
import { CONTROL_CHARACTER_MESSAGE, SINGLE_LINE_TEXT } from "../../lib/plain-text";

/** Alt text: required, because every product photo must say what it shows. */
export const Alt = z
  .string()
  .trim()
  .min(1, "Describe the image for people who can't see it")
  .max(200, "Use 200 characters or fewer")
  .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE);

/** The image page's small forms (alt text, order, removal), told apart by their button's intent. */
export const ImageAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("alt"), imageId: z.coerce.number().int(), alt: Alt }),
  z.object({ intent: z.literal("move"), imageId: z.coerce.number().int(), direction: z.enum(["up", "down"]) }),
  z.object({ intent: z.literal("remove"), imageId: z.coerce.number().int() }),
]);
