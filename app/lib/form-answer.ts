import type { SubmissionResult } from "@conform-to/react";
import { z } from "zod";

/**
 * What every form action answers when it does not redirect: Conform's result (errors by field,
 * the values to keep) and which form on the page it belongs to, for pages with several.
 */
export type FormAnswer = { result: SubmissionResult<string[]>; formId: string | null };

export { FORM_ID_FIELD } from "./form-id";

/** The schema of a form that is only its buttons (`<Button name="intent" value="…">`). */
export function intentSchema<const Intents extends readonly [string, ...string[]]>(intents: Intents) {
  return z.object({ intent: z.enum(intents) });
}
