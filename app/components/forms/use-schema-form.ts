import { useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { FormAnswer } from "../../lib/form-answer";

type SchemaFormOptions<_Schema extends z.ZodType> = {
  /** The action's answer (`actionData`); shown only by the form it belongs to. */
  answer?: FormAnswer | null | undefined;
  /** Required where a page has several forms: each answer says which one it is for (`formId`). */
  id?: string;
  /** What the fields start with (strings, as the form holds them). */
  defaultValue?: Record<string, unknown> | null;
};

/**
 * The one client side of a form (docs/decisions/012-forms.md): Conform driven by the zod schema
 * the action parses with. The schema's limits become native attributes (`required`, `maxLength`,
 * `pattern`), so the browser checks without JavaScript too; with it, the form is checked when it
 * is submitted and each field again as it is corrected, and the server's answer lands by the same
 * fields. Not on leaving a field: an error appearing then pushes the next control down while it is
 * being clicked, and the click is lost (issue 17).
 */
export function useSchemaForm<Schema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  schema: Schema,
  { answer, id, defaultValue }: SchemaFormOptions<Schema> = {},
) {
  // A page with several forms gives each an id; a form without one is the page's only form.
  const lastResult = answer && (!id || answer.formId === id) ? answer.result : undefined;
  return useForm<z.input<Schema>, z.output<Schema>>({
    id,
    lastResult,
    defaultValue: defaultValue as never,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}
