import { useEffect, useRef } from "react";
import { useLocation, useNavigationType } from "react-router";

/**
 * After a client-side navigation to another page, focus moves to the new page's heading (its
 * `<main>`'s `h1`), so a screen reader announces where you are and the next Tab starts there, as
 * a full page load would. Back and forward keep the browser's own behaviour (scroll restoration),
 * a link to a fragment goes to the fragment, and a page with an error summary keeps focus on it.
 */
export function useFocusOnNavigation() {
  const { pathname, hash } = useLocation();
  const navigationType = useNavigationType();
  const shownPath = useRef(pathname);
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    if (navigationType === "POP" || hash) return;
    if (document.activeElement?.closest("[role=alert]")) return;
    const heading = document.querySelector<HTMLElement>("main h1");
    if (!heading) return;
    // Focusable by script only: it is not a control, so Tab never stops on it.
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }, [pathname, hash, navigationType]);
}
