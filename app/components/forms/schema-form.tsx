import { type FormMetadata, getFormProps } from "@conform-to/react";
import type { ReactNode } from "react";
import { Form, type FormProps } from "react-router";
import { FORM_ID_FIELD } from "../../lib/form-answer";
import { ErrorSummary, FormErrors } from "./fields";

/**
 * A posted form driven by `useSchemaForm`: Conform's attributes, the form's own errors above its
 * fields (after the server refused it, a summary of every error, linking to each field), and its
 * id (pages with several forms) sent back so the answer lands on this one.
 */
export function SchemaForm({
  form,
  children,
  ...props
}: {
  // biome-ignore lint/suspicious/noExplicitAny: any schema's form; only its id and errors are read.
  form: FormMetadata<any, string[]>;
  children: ReactNode;
} & Omit<FormProps, "id" | "onSubmit" | "noValidate">) {
  // Each field's errors as they stand (they go as the fields are corrected), linked by field id.
  const fieldErrors = Object.entries(form.allErrors)
    .filter(([name, messages]) => name !== "" && messages.length > 0)
    .map(([name, messages]) => ({ fieldId: `${form.id}-${name}`, message: messages.join(" ") }));
  return (
    <Form method="post" {...getFormProps(form)} {...props}>
      <input type="hidden" name={FORM_ID_FIELD} value={form.id} />
      {form.status === "error" && (form.errors?.length || fieldErrors.length) ? (
        // The server refused it: a summary of everything to fix, focused when it appears.
        <ErrorSummary id={form.errorId} formErrors={form.errors ?? []} fieldErrors={fieldErrors} />
      ) : (
        <FormErrors id={form.errorId} errors={form.errors} />
      )}
      {children}
    </Form>
  );
}
