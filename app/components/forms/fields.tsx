import {
  type FieldMetadata,
  getCollectionProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
} from "@conform-to/react";
import {
  type InputHTMLAttributes,
  type MouseEvent,
  type ReactNode,
  type TextareaHTMLAttributes,
  useEffect,
  useRef,
} from "react";

// Fields of any form: Conform's metadata differs by schema only in value types we never read here.
// biome-ignore lint/suspicious/noExplicitAny: see above
export type AnyField = FieldMetadata<any, any, string[]>;

type InputType = "text" | "email" | "password" | "tel" | "number" | "date" | "time" | "search" | "url";
const controlClass = "mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2";

/** The error under a field, tied to it by id (Conform sets aria-describedby and aria-invalid). */
function FieldError({ field }: { field: AnyField }) {
  return field.errors ? (
    <p id={field.errorId} className="mt-1 text-sm font-semibold text-red-800">
      {field.errors.join(" ")}
    </p>
  ) : null;
}

/** Label above, control, error below: the frame every field here shares. */
function Labelled({
  field,
  label,
  hint,
  children,
}: {
  field: AnyField;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={field.id} className="block font-medium">
        {label}
        {hint ? <span className="font-normal text-stone-700"> {hint}</span> : null}
      </label>
      {children}
      <FieldError field={field} />
    </div>
  );
}

type Extra<T> = Omit<T, "name" | "id" | "type" | "defaultValue" | "form">;

/** A labelled input for one schema field: its value, limits and error come from the form. */
export function InputField({
  field,
  label,
  hint,
  type = "text",
  ...extra
}: { field: AnyField; label: string; hint?: string; type?: InputType } & Extra<InputHTMLAttributes<HTMLInputElement>>) {
  const { key, ...props } = getInputProps(field, { type });
  const { className, ...attributes } = extra;
  return (
    <Labelled field={field} label={label} hint={hint}>
      <input
        key={key}
        {...props}
        {...attributes}
        className={className ? `${controlClass} ${className}` : controlClass}
      />
    </Labelled>
  );
}

/** InputField's multi-line sibling. */
export function TextareaField({
  field,
  label,
  hint,
  ...extra
}: { field: AnyField; label: string; hint?: string } & Extra<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  const { key, ...props } = getTextareaProps(field);
  const { className, ...attributes } = extra;
  return (
    <Labelled field={field} label={label} hint={hint}>
      <textarea
        key={key}
        {...props}
        {...attributes}
        className={className ? `${controlClass} ${className}` : controlClass}
      />
    </Labelled>
  );
}

/** A labelled select; `choices` are value/label pairs, after an empty "Choose…". */
export function SelectField({
  field,
  label,
  choices,
  placeholder = "Choose…",
}: {
  field: AnyField;
  label: string;
  choices: readonly { value: string; label: string; disabled?: boolean }[];
  placeholder?: string | null;
}) {
  const { key, ...props } = getSelectProps(field);
  return (
    <Labelled field={field} label={label}>
      <select key={key} {...props} className={controlClass}>
        {placeholder === null ? null : <option value="">{placeholder}</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value} disabled={choice.disabled}>
            {choice.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

/** Checkboxes (several may be chosen) or radios (one) for one field, in a labelled fieldset. */
export function ChoiceGroup({
  field,
  legend,
  choices,
  type = "checkbox",
  layout = "grid",
}: {
  field: AnyField;
  legend: string;
  choices: readonly { value: string; label: string }[];
  type?: "checkbox" | "radio";
  layout?: "grid" | "row";
}) {
  const options = getCollectionProps(field, { type, options: choices.map((choice) => choice.value) });
  return (
    // The field's own id (each option has `${id}-${value}`): an error summary's link lands here.
    <fieldset id={field.id}>
      <legend className="font-medium">{legend}</legend>
      <div className={layout === "grid" ? "mt-1 grid gap-1 sm:grid-cols-2" : "mt-1 flex flex-wrap gap-4"}>
        {options.map(({ key, ...props }) => (
          <label key={key} className="flex items-center gap-2">
            <input {...props} />
            {choices.find((choice) => choice.value === props.value)?.label}
          </label>
        ))}
      </div>
      <FieldError field={field} />
    </fieldset>
  );
}

/** One checkbox with its label beside it. */
export function CheckboxField({ field, label }: { field: AnyField; label: string }) {
  const { key, ...props } = getInputProps(field, { type: "checkbox" });
  return (
    <div>
      <label className="flex items-center gap-2">
        <input key={key} {...props} />
        {label}
      </label>
      <FieldError field={field} />
    </div>
  );
}

/** Hidden from people (and screen readers); a bot that fills it is refused. */
export function Honeypot({ name = "website" }: { name?: string }) {
  return (
    <div aria-hidden="true" className="absolute -left-[9999px] h-px w-px overflow-hidden">
      <label htmlFor={`hp-${name}`}>Leave this empty</label>
      <input id={`hp-${name}`} type="text" name={name} tabIndex={-1} autoComplete="off" />
    </div>
  );
}

/**
 * What is wrong with a refused form, at its top: announced (`role="alert"`), focused when it
 * appears, each field's error a link to the field. Without JavaScript a refused form is a new page
 * (the `autofocus` attribute puts focus here, where it would otherwise start at the top of the
 * document); with it, React only honours `autoFocus` on form controls, so an effect focuses it.
 */
export function ErrorSummary({
  id,
  formErrors,
  fieldErrors,
}: {
  id: string;
  formErrors: string[];
  fieldErrors: { fieldId: string; message: string }[];
}) {
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    summary.current?.focus();
    // A refusal the browser found (JavaScript on) has no answer from the server for the page's
    // title (PageMeta) to show: say it here while the summary is up.
    if (document.title.startsWith("Error: ")) return;
    const title = document.title;
    document.title = `Error: ${title}`;
    return () => {
      if (document.title === `Error: ${title}`) document.title = title;
    };
  }, []);
  return (
    <div
      ref={summary}
      id={id}
      role="alert"
      tabIndex={-1}
      // biome-ignore lint/a11y/noAutofocus: a refused form's page starts at what went wrong (WCAG 3.3.1)
      autoFocus
      aria-labelledby={`${id}-heading`}
      className="rounded-lg border-2 border-red-800 bg-red-50 p-4 text-red-900 focus:outline-2 focus:outline-red-800"
    >
      <h2 id={`${id}-heading`} className="font-semibold">
        There is a problem
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {formErrors.map((message) => (
          <li key={message}>{message}</li>
        ))}
        {fieldErrors.map(({ fieldId, message }) => (
          <li key={fieldId}>
            <a href={`#${fieldId}`} className="underline" onClick={(event) => focusField(event, fieldId)}>
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * With JavaScript, a summary's link puts focus in the field (following a link to an input only
 * scrolls to it); for a group of radios or checkboxes, its first control.
 */
function focusField(event: MouseEvent<HTMLAnchorElement>, fieldId: string) {
  const target = document.getElementById(fieldId);
  const control = target?.matches("input, select, textarea")
    ? (target as HTMLElement)
    : target?.querySelector<HTMLElement>("input, select, textarea");
  if (!control) return;
  event.preventDefault();
  control.focus();
  control.scrollIntoView({ block: "center" });
}

/** Errors about the whole form (not one field), announced when they appear. */
export function FormErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors) return null;
  return (
    <p id={id} role="alert" className="rounded-lg bg-red-50 p-3 font-semibold text-red-800">
      {errors.join(" ")}
    </p>
  );
}

/** One radio of a field, labelled beside it (for choices that carry more than a label). */
export function RadioOption({ field, value, children }: { field: AnyField; value: string; children: ReactNode }) {
  const { key, ...props } = getInputProps(field, { type: "radio", value });
  return (
    <label className="flex items-center gap-2 font-semibold">
      {/* Conform gives every radio of a field the field's id; each needs its own. */}
      <input key={key} {...props} id={`${props.id}-${value}`} />
      {children}
    </label>
  );
}

/** A field's error on its own, for a group whose controls are laid out by hand. */
export { FieldError };
