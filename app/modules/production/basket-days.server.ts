import { shopLocalDateTime } from "../checkout/slots";
import type { RequestContext } from "../platform/request-context.server";
import { type BasketDayProblem, basketDay, type DayAvailability } from "./availability";
import { loadPlan } from "./plan.server";

export type BasketLine = { productId: number; name: string; quantity: number };

const dayName = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
const timeName = (local: string) => {
  const [date = "", time = ""] = local.split("T");
  return `${dayName.format(new Date(`${date}T12:00:00Z`))} at ${time}`;
};

function whyNot(day: Exclude<DayAvailability, { status: "available" }>): string {
  switch (day.status) {
    case "closed":
      return `we're closed (${day.reason})`;
    case "not-baked":
      return "isn't baked that day";
    case "out-of-season":
      return "is out of season then";
    case "too-late":
      return `had to be ordered by ${timeName(day.closedAt)}`;
    case "opens-later":
      return `opens for orders ${timeName(day.opensAt)}`;
    case "sold-out":
      return "has sold out for that day";
  }
}

function problemText(problem: BasketDayProblem, names: ReadonlyMap<number, string>): string {
  if (problem.kind === "group-full") return `the ${problem.group} has room for only ${problem.left} more`;
  const name = names.get(problem.productId) ?? "An item";
  if (problem.kind === "short") return `only ${problem.left} ${name} left`;
  return problem.day.status === "closed" ? whyNot(problem.day) : `${name} ${whyNot(problem.day)}`;
}

/**
 * For each date, why the whole basket cannot be had then (null when it can), from the production
 * plan, so checkout offers only days the reservation will accept and says why the others are not.
 */
export async function basketDayProblems(
  ctx: Pick<RequestContext, "db" | "now">,
  lines: readonly BasketLine[],
  dates: readonly string[],
): Promise<Map<string, string | null>> {
  const sorted = [...new Set(dates)].sort();
  const answers = new Map<string, string | null>();
  if (sorted.length === 0 || lines.length === 0) return answers;
  const { context, plans } = await loadPlan(
    ctx,
    { from: sorted[0] ?? "", to: sorted.at(-1) ?? "" },
    lines.map((line) => line.productId),
  );
  const names = new Map(lines.map((line) => [line.productId, line.name]));
  const nowLocal = shopLocalDateTime(ctx.now());
  for (const date of sorted) {
    const answer = basketDay(context, plans, lines, date, nowLocal);
    if (answer.ok) {
      answers.set(date, null);
      continue;
    }
    const reasons = [...new Set(answer.problems.map((problem) => problemText(problem, names)))];
    const sentence = reasons.join("; ");
    answers.set(date, sentence.charAt(0).toUpperCase() + sentence.slice(1));
  }
  return answers;
}
