import { useRef } from "react";
import { useLocation } from "react-router";
import type { ShownNotice } from "../modules/notices/flash.server";

/**
 * The page's one live region for notices after a form (docs/decisions/013-flash-notices.md). It is
 * always in the page, so a notice arriving after a client-side submission is announced by screen
 * readers; without JavaScript the notice is simply part of the page that loads. A notice belongs
 * to the page it arrived with: navigating on (the root's data stays put) hides it.
 */
export function FlashNotice({ notice }: { notice: ShownNotice | null }) {
  const location = useLocation();
  const arrivedAt = useRef<{ id: string; key: string } | null>(null);
  if (notice && arrivedAt.current?.id !== notice.id) arrivedAt.current = { id: notice.id, key: location.key };
  const visible = notice && arrivedAt.current?.key === location.key ? notice : null;
  return (
    <div role="status" className="empty:hidden mb-6">
      {visible ? (
        <p
          className={
            visible.kind === "error"
              ? "rounded-lg bg-red-50 p-3 font-semibold text-red-800"
              : "rounded-lg bg-green-50 p-3 text-green-900"
          }
        >
          {visible.message}
        </p>
      ) : null}
    </div>
  );
}
