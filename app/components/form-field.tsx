import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";

type LabelledProps = { label: string; hint?: string; errors: string[] | undefined; errorId: string };
const controlClass = "mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2";

/** Label above, control, error below tied to it by id: the frame every field here shares. */
function Labelled({ id, label, hint, errors, errorId, children }: LabelledProps & { id: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="font-medium">
        {label}
        {hint ? <span className="font-normal text-stone-700"> {hint}</span> : null}
      </label>
      {children}
      {errors ? (
        <p id={errorId} className="mt-1 text-sm font-semibold text-red-800">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input with its error message tied to it (aria-describedby), as every form here needs. */
export function FormField({
  inputProps,
  ...labelled
}: LabelledProps & { inputProps: InputHTMLAttributes<HTMLInputElement> & { id: string; key?: string } }) {
  const { key, ...props } = inputProps;
  return (
    <Labelled id={props.id} {...labelled}>
      <input key={key} {...props} className={controlClass} />
    </Labelled>
  );
}

/** FormField's multi-line sibling: a labelled textarea with its error tied to it. */
export function TextAreaField({
  textareaProps,
  ...labelled
}: LabelledProps & { textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; key?: string } }) {
  const { key, ...props } = textareaProps;
  return (
    <Labelled id={props.id} {...labelled}>
      <textarea key={key} {...props} className={controlClass} />
    </Labelled>
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
