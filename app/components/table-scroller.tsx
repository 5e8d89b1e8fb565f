import type { ReactNode } from "react";

/**
 * A wide table on a narrow screen scrolls sideways in its own box instead of widening the whole
 * page. The box is a named region that takes focus, so a keyboard user can scroll it with the
 * arrow keys (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function TableScroller({
  label,
  className = "",
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must be reachable by keyboard to be scrolled
    <section aria-label={label} tabIndex={0} className={`max-w-full overflow-x-auto ${className}`}>
      {children}
    </section>
  );
}
