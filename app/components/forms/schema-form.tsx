import { type FormMetadata, getFormProps } from "@conform-to/react";
import type { ReactNode } from "react";
import { Form, type FormProps } from "react-router";
import { FORM_ID_FIELD } from "../../lib/form-answer";
import { FormErrors } from "./fields";

/**
 * A posted form driven by `useSchemaForm`: Conform's attributes, the form's own errors above its
 * fields, and its id (pages with several forms) sent back so the answer lands on this one.
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
  return (
    <Form method="post" {...getFormProps(form)} {...props}>
      <input type="hidden" name={FORM_ID_FIELD} value={form.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      {children}
    </Form>
  );
}
