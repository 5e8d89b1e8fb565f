import { useHydrated } from "./use-hydrated";

/** Prints the page; without JavaScript the browser's own Print does the same (this button is not shown). */
export function PrintButton({ label = "Print" }: { label?: string }) {
  const hydrated = useHydrated();
  if (!hydrated) return null;
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="rounded-full bg-crust-700 px-5 py-2 font-semibold text-white hover:bg-crust-800"
    >
      {label}
    </button>
  );
}
