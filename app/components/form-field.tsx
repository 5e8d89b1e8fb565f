import type { InputHTMLAttributes, TextareaHTMLAttributes } from "react";

/** A labelled input with its error message tied to it (aria-describedby), as every form here needs. */
export function FormField({
  label,
  hint,
  errors,
  errorId,
  inputProps,
}: {
  label: string;
  hint?: string;
  errors: string[] | undefined;
  errorId: string;
  inputProps: InputHTMLAttributes<HTMLInputElement> & { id: string; key?: string };
}) {
  const { key, ...props } = inputProps;
  return (
    <div>
      <label htmlFor={props.id} className="font-medium">
        {label}
        {hint ? <span className="font-normal text-stone-700"> {hint}</span> : null}
      </label>
      <input key={key} {...props} className="mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2" />
      {errors ? (
        <p id={errorId} className="mt-1 text-sm font-semibold text-red-800">
          {errors.join(" ")}
        </p>
      ) : null}
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

/** Errors about the whole form (not one field), announced when they appear. */
export function FormErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors) return null;
  return (
    <p id={id} role="alert" className="rounded-lg bg-red-50 p-3 font-semibold text-red-800">
      {errors.join(" ")}
    </p>
  );
}

/** FormField's multi-line sibling: a labelled textarea with its error tied to it. */
export function TextAreaField({
  label,
  hint,
  errors,
  errorId,
  textareaProps,
}: {
  label: string;
  hint?: string;
  errors: string[] | undefined;
  errorId: string;
  textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; key?: string };
}) {
  const { key, ...props } = textareaProps;
  return (
    <div>
      <label htmlFor={props.id} className="font-medium">
        {label}
        {hint ? <span className="font-normal text-stone-700"> {hint}</span> : null}
      </label>
      <textarea key={key} {...props} className="mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2" />
      {errors ? (
        <p id={errorId} className="mt-1 text-sm font-semibold text-red-800">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
