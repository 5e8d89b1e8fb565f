import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode, useContext } from "react";
import { Meta, UNSAFE_DataRouterStateContext } from "react-router";

/**
 * The page's `<title>` and meta tags (each route's `meta`), with "Error: " before the title while
 * the page shows a form the server refused: without JavaScript a refused form comes back as a new
 * page, and the title is the first thing a screen reader says about it (WCAG 3.3.1, 2.4.2).
 *
 * React Router's `meta` functions are not given the action's answer, so this reads it from the
 * router's state (the same on the server and when hydrating, so the title never mismatches) and
 * rewrites the one `<title>` that `<Meta />` renders.
 */
export function PageMeta() {
  const routerState = useContext(UNSAFE_DataRouterStateContext);
  const refused = Object.values(routerState?.actionData ?? {}).some(isRefusedForm);
  // `Meta` is rendered by calling it here (its hooks run as part of this component) so its title
  // can be rewritten rather than duplicated.
  const tags = Meta() as ReactElement<{ children?: ReactNode }>;
  if (!refused) return tags;
  return (
    <>
      {Children.map(tags.props.children, (tag) =>
        isValidElement<{ children?: ReactNode }>(tag) && tag.type === "title"
          ? cloneElement(tag, {}, `Error: ${String(tag.props.children)}`)
          : tag,
      )}
    </>
  );
}

/** Every form action answers `{ result, formId }` (app/lib/form-answer.ts); a refusal's status is "error". */
function isRefusedForm(answer: unknown): boolean {
  if (!answer || typeof answer !== "object" || !("result" in answer)) return false;
  const { result } = answer as { result: unknown };
  return Boolean(result && typeof result === "object" && "status" in result && result.status === "error");
}
