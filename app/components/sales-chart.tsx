import { formatMoney } from "../lib/money";

type Day = { date: string; totalPence: number; discountPence: number; orders: number };

const WIDTH = 600;
const HEIGHT = 160;
const dayLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const label = (date: string) => dayLabel.format(new Date(`${date}T12:00:00Z`));

/**
 * Takings per day as a server-rendered SVG bar chart: no chart library, no JavaScript. The same
 * figures follow in a table for screen readers and for anyone who wants exact numbers.
 */
export function SalesChart({ days }: { days: Day[] }) {
  const max = Math.max(1, ...days.map((d) => d.totalPence));
  const barWidth = WIDTH / Math.max(1, days.length);
  const total = days.reduce((sum, d) => sum + d.totalPence, 0);
  const orders = days.reduce((sum, d) => sum + d.orders, 0);
  const discounts = days.reduce((sum, d) => sum + d.discountPence, 0);
  return (
    <figure>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby="sales-chart-title"
        className="w-full rounded-xl bg-white"
      >
        <title id="sales-chart-title">{`Takings for the last ${days.length} days: ${formatMoney(total)} from ${orders} orders`}</title>
        {days.map((day, i) => {
          const height = Math.round((day.totalPence / max) * HEIGHT);
          return (
            <rect
              key={day.date}
              x={i * barWidth + 2}
              y={HEIGHT - height}
              width={barWidth - 4}
              height={height}
              className="fill-crust-500"
            >
              <title>{`${label(day.date)}: ${formatMoney(day.totalPence)} (${day.orders} orders)`}</title>
            </rect>
          );
        })}
      </svg>
      {/* The first and last day as text under the chart, not inside it: scaled with the SVG they
          were about 6 px tall on a phone. */}
      <div className="mt-1 flex justify-between text-sm text-stone-700" aria-hidden="true">
        <span>{label(days[0]?.date ?? "")}</span>
        <span>{label(days.at(-1)?.date ?? "")}</span>
      </div>
      <figcaption className="mt-2 text-sm text-stone-700">
        {`${formatMoney(total)} from ${orders} paid order${orders === 1 ? "" : "s"}, busiest day ${formatMoney(max === 1 ? 0 : max)}.`}
        {discounts > 0 ? ` Promotion codes took ${formatMoney(discounts)} off.` : ""}
      </figcaption>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer font-semibold text-crust-700">Figures by day</summary>
        <table className="mt-2 w-full text-left">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Orders</th>
              <th scope="col">Takings</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.date}>
                <td>{label(day.date)}</td>
                <td>{day.orders}</td>
                <td>{formatMoney(day.totalPence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
