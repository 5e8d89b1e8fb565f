import type { ReactNode } from "react";
import { Link } from "react-router";

/** "← Somewhere": the way back up from a detail page. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p>
      <Link to={to} className="text-sm font-semibold text-crust-700 underline">
        {`← ${children}`}
      </Link>
    </p>
  );
}
