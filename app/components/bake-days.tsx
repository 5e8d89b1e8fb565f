import { shortDay } from "../lib/shop-dates";
import type { DayAvailability } from "../modules/production/availability";

const day = shortDay;
/** "Thu 3 Dec, 18:00" from a shop wall-clock time. */
const moment = (local: string) => `${day(local.slice(0, 10))}, ${local.slice(11, 16)}`;

function status(entry: DayAvailability): { text: string; available: boolean } {
  switch (entry.status) {
    case "available":
      return { text: `${entry.left} left`, available: true };
    case "sold-out":
      return { text: "sold out", available: false };
    case "closed":
      return { text: entry.reason === "Closed" ? "closed" : `closed: ${entry.reason}`, available: false };
    case "not-baked":
      return { text: "not baked", available: false };
    case "out-of-season":
      return { text: "out of season", available: false };
    case "too-late":
      return { text: `orders closed ${moment(entry.closedAt)}`, available: false };
    case "opens-later":
      return { text: `${entry.left} on sale from ${moment(entry.opensAt)}`, available: false };
  }
}

/** A product's next bake days: how many are left each day, or why it can't be had then. */
export function BakeDays({ days }: { days: DayAvailability[] }) {
  if (days.length === 0) return null;
  return (
    <section aria-labelledby="bake-days-heading" className="mt-6">
      <h2 id="bake-days-heading" className="font-serif text-xl font-bold text-crust-900">
        Bake days
      </h2>
      <ul className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
        {days.map((entry) => {
          const { text, available } = status(entry);
          return (
            <li key={entry.date} className={available ? "text-stone-900" : "text-stone-600"}>
              <span className="font-semibold">{day(entry.date)}</span>: {text}
            </li>
          );
        })}
      </ul>
      <p className="mt-2 text-sm text-stone-700">You choose the day at checkout.</p>
    </section>
  );
}
