import { z } from "zod";
import { calendarDate, emailAddress } from "../../lib/form-fields";

/** "Tell me when it's back": which product, which bake day, and where to write. */
export const NotifyMeSchema = z.object({
  productId: z.coerce.number().int().positive(),
  date: calendarDate("Choose the day you wanted"),
  email: emailAddress,
});
