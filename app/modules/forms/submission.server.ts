import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "react-router";
import type { z } from "zod";
import { FORM_ID_FIELD, type FormAnswer } from "../../lib/form-answer";
import { tooManyAttemptsMessage } from "../rate-limit/rate-limit.server";
import { type ReadFormOptions, readForm } from "./read-form.server";

type ReplyOptions = {
  /** 400 unless the form was understood and refused for another reason (401, 403, 409, 429). */
  status?: number;
  formErrors?: string[];
  fieldErrors?: Record<string, string[]>;
  headers?: HeadersInit;
  /** A success shown in place (no redirect): the fields are emptied. */
  resetForm?: boolean;
  /**
   * Fields to show instead of what was posted: a grid answered after saving part of it shows
   * what is now stored beside the cells it refused (which keep what was typed).
   */
  values?: Record<string, unknown>;
};

type SubmissionOptions = ReadFormOptions & {
  /** Fields never sent back (passwords, codes): the person types them again. */
  hideFields?: string[];
  /**
   * Which form on the page a post is from when it does not say (`formId`): pages with several
   * forms name them from what was posted (`category-3` from its id), so any client's answer lands.
   */
  formId?: (formData: FormData) => string;
};

/**
 * The one way an action reads and answers a form (docs/decisions/012-forms.md): the body through
 * `readForm` (405/413/415/400), the fields through the same zod schema the page validates with,
 * and every answer in one shape, `{ result, formId }`, that `useSchemaForm` shows by the fields,
 * with the values kept except `hideFields` and the status given.
 */
export async function readSubmission<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  options: SubmissionOptions = {},
) {
  return answerable(await readForm(request, options), schema, options);
}

/**
 * For a page whose forms post different fields (`intent` says which): each intent's own schema,
 * read from one body. An unknown intent is a 400.
 */
export async function readIntentSubmission<Schemas extends Record<string, z.ZodType>>(
  request: Request,
  schemas: Schemas,
  options: SubmissionOptions = {},
): Promise<{ [Intent in keyof Schemas]: { intent: Intent } & Answerable<Schemas[Intent]> }[keyof Schemas]> {
  const formData = await readForm(request, options);
  const intent = String(formData.get("intent") ?? "");
  const schema = Object.hasOwn(schemas, intent) ? schemas[intent] : undefined;
  if (!schema) throw data({ message: "That isn't something this page can do." }, { status: 400 });
  return { intent, ...answerable(formData, schema, options) } as never;
}

type Answerable<Schema extends z.ZodType> = ReturnType<typeof answerable<Schema>>;

function answerable<Schema extends z.ZodType>(formData: FormData, schema: Schema, options: SubmissionOptions) {
  const submission = parseWithZod(formData, { schema });
  const hideFields = options.hideFields ?? [];
  const posted = formData.get(FORM_ID_FIELD);
  const formId = (typeof posted === "string" && posted) || options.formId?.(formData) || null;

  /** Any answer that is not a redirect. */
  const reply = ({ status = 400, formErrors, fieldErrors, headers, resetForm, values }: ReplyOptions = {}) => {
    if (values && submission.payload) Object.assign(submission.payload, values);
    return data<FormAnswer>(
      { result: submission.reply({ formErrors, fieldErrors, hideFields, resetForm }), formId },
      { status, headers },
    );
  };

  return {
    formData,
    submission,
    reply,
    /** A refused field: its message by the field, the values kept. */
    fieldError: (field: string, message: string, status = 400) =>
      reply({ status, fieldErrors: { [field]: [message] } }),
    /** A refusal about the whole form, shown above it. */
    formError: (message: string, status = 400) => reply({ status, formErrors: [message] }),
    /**
     * The form shown again with what was posted and no errors, for a button that only previews (a
     * total recalculated without JavaScript): nothing is refused, so nothing says "Error".
     */
    keepValues: (headers?: HeadersInit) =>
      data<FormAnswer>(
        // A form of text fields only (files are never posted back), as Conform's own reply assumes.
        { result: { initialValue: submission.payload as Record<string, string | string[]> }, formId },
        { status: 200, headers },
      ),
    /** 429 with Retry-After and the wait in words above the form; the values kept. */
    tooManyAttempts: (retryAfterSeconds: number) =>
      reply({
        status: 429,
        formErrors: [tooManyAttemptsMessage(retryAfterSeconds)],
        headers: { "Retry-After": String(retryAfterSeconds) },
      }),
  };
}

/**
 * An answer given before the body is read (a declared size over the limit): the same shape as any
 * other, with the message by `field` of the form `formId`.
 */
export function refuseUnread(field: string, message: string, status: number, formId: string | null = null) {
  return data<FormAnswer>({ result: { status: "error", error: { [field]: [message] } }, formId }, { status });
}
