import { z } from "zod";
import { CONTROL_CHARACTER_MESSAGE, SINGLE_LINE_TEXT } from "../../lib/plain-text";

/** Alt text: required, because every product photo must say what it shows. */
export const Alt = z
  .string({ message: "Describe the image for people who can't see it" })
  .trim()
  .min(1, "Describe the image for people who can't see it")
  .max(200, "Use 200 characters or fewer")
  .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE);

const ImageId = z.coerce.number().int().positive();

/**
 * Adding an image: the file itself (without JavaScript), or the id of an upload the browser already
 * sent straight to storage (with it). Which of the two is there is checked when it is stored.
 */
export const AddImageSchema = z.object({
  alt: Alt,
  file: z.file().optional(),
  uploadId: z
    .string()
    .regex(/^[0-9a-f]{32}$/, "That upload isn't one of ours")
    .optional(),
});

/** The image page's small forms, told apart by their button's intent. */
export const ImageAltSchema = z.object({ imageId: ImageId, alt: Alt });
export const MoveImageSchema = z.object({ imageId: ImageId, direction: z.enum(["up", "down"]) });
export const RemoveImageSchema = z.object({ imageId: ImageId });
