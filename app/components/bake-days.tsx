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

/** Whether a day's answer is about the day itself (the same for every size), not how many are left. */
const sameForEverySize = (entry: DayAvailability) =>
  entry.status === "closed" || entry.status === "out-of-season" || entry.status === "too-late";

/**
 * Sizes baked to their own numbers: a row per day, a column per size (a cake's 6, 8 and 10 inch),
 * so a shopper sees which size is left on which day.
 */
function SizesTable({ days, sizes }: { days: DayAvailability[]; sizes: { label: string; days: DayAvailability[] }[] }) {
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="border-b border-crust-200">
            <th scope="col" className="py-1 pr-3 font-semibold">
              Day
            </th>
            {sizes.map((size) => (
              <th key={size.label} scope="col" className="py-1 pr-3 font-semibold">
                {size.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((entry, row) => (
            <tr key={entry.date} className="border-b border-crust-100">
              <th scope="row" className="py-1 pr-3 font-semibold">
                {day(entry.date)}
              </th>
              {sameForEverySize(entry) ? (
                <td colSpan={sizes.length} className="py-1 pr-3 text-stone-600">
                  {status(entry).text}
                </td>
              ) : (
                sizes.map((size) => {
                  const sized = size.days[row] ?? entry;
                  const { text, available } = status(sized);
                  return (
                    <td key={size.label} className={`py-1 pr-3 ${available ? "text-stone-900" : "text-stone-600"}`}>
                      {text}
                    </td>
                  );
                })
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A product's next bake days: how many are left each day, or why it can't be had then; per size
 * when its sizes are baked to their own numbers.
 */
export function BakeDays({
  days,
  sizes = [],
}: {
  days: DayAvailability[];
  sizes?: { label: string; days: DayAvailability[] }[];
}) {
  if (days.length === 0) return null;
  return (
    <section aria-labelledby="bake-days-heading" className="mt-6">
      <h2 id="bake-days-heading" className="font-serif text-xl font-bold text-crust-900">
        Bake days
      </h2>
      {sizes.length > 0 ? (
        <SizesTable days={days} sizes={sizes} />
      ) : (
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
      )}
      <p className="mt-2 text-sm text-stone-700">You choose the day at checkout.</p>
    </section>
  );
}
