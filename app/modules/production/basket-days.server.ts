import { longDay } from "../../lib/shop-dates";
import { shopLocalDateTime } from "../checkout/slots";
import type { RequestContext } from "../platform/request-context.server";
import {
  type BasketDayProblem,
  basketDay,
  type DayAvailability,
  orderDeadline,
  type ProductPlan,
} from "./availability";
import { loadPlan } from "./plan.server";

/** A basket line as the plan sees it; `variantId` is its size planned apart (0 or omitted: none). */
export type BasketLine = { productId: number; variantId?: number; name: string; quantity: number };

const timeName = (local: string) => {
  const [date = "", time = ""] = local.split("T");
  return `${longDay(date)} at ${time}`;
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

/** What a row of the plan is called in a sentence: the product, with its size when planned apart. */
function rowName(
  problem: Exclude<BasketDayProblem, { kind: "group-full" }>,
  names: ReadonlyMap<number, string>,
  plans: ReadonlyMap<number, ProductPlan>,
) {
  const name = names.get(problem.productId) ?? "An item";
  const variantId = Number(problem.key.split(".")[1] ?? 0);
  const variant = plans.get(problem.productId)?.variants.find((v) => v.id === variantId);
  return variant ? `${name} (${variant.label})` : name;
}

function problemText(
  problem: BasketDayProblem,
  names: ReadonlyMap<number, string>,
  plans: ReadonlyMap<number, ProductPlan>,
): string {
  if (problem.kind === "group-full") return `the ${problem.group} has room for only ${problem.left} more`;
  const name = rowName(problem, names, plans);
  if (problem.kind === "short") return `only ${problem.left} ${name} left`;
  return problem.day.status === "closed" ? whyNot(problem.day) : `${name} ${whyNot(problem.day)}`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What one line that cannot be had on a day says beside it in the basket. */
function lineText(problem: Exclude<BasketDayProblem, { kind: "group-full" }>): string {
  if (problem.kind === "short") return `only ${problem.left} left that day`;
  if (problem.day.status === "closed") return whyNot(problem.day);
  return whyNot(problem.day).replace(/^is /, "");
}

/**
 * For each date, why the whole basket cannot be had then (null when it can), from the production
 * plan, so checkout offers only days the reservation will accept and says why the others are not.
 */
export async function basketDayProblems(
  ctx: Pick<RequestContext, "db" | "now">,
  lines: readonly BasketLine[],
  dates: readonly string[],
): Promise<{
  problems: Map<string, string | null>;
  /**
   * Per date with problems: what each line that cannot be had says, by its plan row (`planKey`),
   * and the shared limits.
   */
  details: Map<string, { lines: Map<string, string>; shared: string[] }>;
  noticeMinutes: number;
}> {
  const sorted = [...new Set(dates)].sort();
  const answers = new Map<string, string | null>();
  const details = new Map<string, { lines: Map<string, string>; shared: string[] }>();
  if (sorted.length === 0 || lines.length === 0) return { problems: answers, details, noticeMinutes: 0 };
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
    const reasons = [...new Set(answer.problems.map((problem) => problemText(problem, names, plans)))];
    const sentence = reasons.join("; ");
    answers.set(date, capitalise(sentence));
    details.set(date, {
      lines: new Map(
        answer.problems.flatMap((problem) =>
          problem.key === null ? [] : [[problem.key, capitalise(lineText(problem))] as const],
        ),
      ),
      shared: answer.problems.flatMap((problem) =>
        problem.kind === "group-full" ? [capitalise(problemText(problem, names, plans))] : [],
      ),
    });
  }
  const noticeMinutes = Math.max(0, ...[...plans.values()].map((plan) => plan.orderDeadlineMinutes));
  return { problems: answers, details, noticeMinutes };
}

/** "Orders close at 18:00 the day before each bake day." for the basket's longest notice. */
export function noticeSentence(noticeMinutes: number): string {
  const bakeDay = "2000-01-10";
  const closes = orderDeadline(bakeDay, noticeMinutes);
  const daysBefore = Math.round(
    (Date.parse(`${bakeDay}T00:00:00Z`) - Date.parse(`${closes.slice(0, 10)}T00:00:00Z`)) / 86_400_000,
  );
  const when = daysBefore === 0 ? "the same day" : daysBefore === 1 ? "the day before" : `${daysBefore} days before`;
  return `Orders close at ${closes.slice(11, 16)} ${when} each bake day.`;
}
