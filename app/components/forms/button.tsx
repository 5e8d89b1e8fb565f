import type { ButtonHTMLAttributes } from "react";
import { useNavigation } from "react-router";

const VARIANTS = {
  primary: "rounded-full bg-crust-700 font-semibold text-white hover:bg-crust-800 disabled:opacity-70",
  secondary: "rounded-full border border-crust-700 font-semibold text-crust-800 hover:bg-crust-50 disabled:opacity-70",
  danger: "rounded-full border border-red-800 font-semibold text-red-800 hover:bg-red-50 disabled:opacity-70",
  link: "font-semibold text-crust-700 underline disabled:opacity-70",
} as const;

const SIZES = { sm: "px-3 py-1 text-sm", md: "px-5 py-2", lg: "px-6 py-2.5", xl: "px-8 py-3 text-lg" } as const;

export type ButtonLook = { variant?: keyof typeof VARIANTS; size?: keyof typeof SIZES };

/** The shop's button look, for links that act as buttons ("Continue to payment", "Shop now"). */
export function buttonClass({ variant = "primary", size = "lg" }: ButtonLook = {}, extra = ""): string {
  const padding = variant === "link" ? "" : SIZES[size];
  return [VARIANTS[variant], padding, extra].filter(Boolean).join(" ");
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> &
  ButtonLook & {
    /** Disables the button while its form is on the way; by default, while any page form submits. */
    pending?: boolean;
  };

/**
 * Every button in the shop. A submit button by default, with `name`/`value` for forms with several
 * intents. While its form is submitting a second click cannot post twice: the button says it is
 * unavailable (`aria-disabled`) and ignores clicks, but is not `disabled`, which would throw the
 * keyboard focus back to the top of the page mid-task.
 */
export function Button({
  variant,
  size,
  pending,
  className,
  type = "submit",
  disabled,
  onClick,
  ...props
}: ButtonProps) {
  const navigation = useNavigation();
  const busy = pending ?? (type === "submit" && navigation.state === "submitting");
  return (
    <button
      type={type}
      disabled={disabled}
      aria-disabled={busy || undefined}
      className={buttonClass({ variant, size }, `${className ?? ""} ${busy ? "opacity-70" : ""}`.trim())}
      onClick={(event) => {
        if (busy) event.preventDefault();
        else onClick?.(event);
      }}
      {...props}
    />
  );
}
