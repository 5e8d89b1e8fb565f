import { z } from "zod";
import { CONTROL_CHARACTER_MESSAGE, MULTI_LINE_TEXT } from "../../lib/plain-text";
import { SHOP_PAGE_MAX_LENGTH } from "./page-defaults";

/** Admin → Pages: one page's Markdown, over the version the admin started from. */
export const ShopPageFormSchema = z.object({
  body: z
    .string({ message: "Write the page's text" })
    .trim()
    .min(1, "Write the page's text")
    .max(SHOP_PAGE_MAX_LENGTH, `Use ${SHOP_PAGE_MAX_LENGTH.toLocaleString("en-GB")} characters or fewer`)
    .regex(MULTI_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
  /** 0 while the page shows its default text. */
  version: z.coerce.number().int().min(0),
});

/** "Restore the default text": only the version, so a newer save is not thrown away unseen. */
export const RestoreDefaultSchema = z.object({ version: z.coerce.number().int().min(0) });
