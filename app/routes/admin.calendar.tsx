import { getInputProps } from "@conform-to/react";
import { Form } from "react-router";
import { Button } from "../components/forms/button";
import { InputField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import type { FormAnswer } from "../lib/form-answer";
import { longDay, WEEKDAY_NAMES } from "../lib/shop-dates";
import { requireRole, STAFF_ROLES } from "../modules/auth/guards.server";
import { shopLocalDateTime } from "../modules/checkout/slots";
import { readIntentSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import {
  addClosure,
  addWindow,
  type CalendarEditResult,
  changeWindow,
  loadCalendarPage,
  removeClosure,
  removeDrop,
  removeWindow,
  saveDrop,
  saveWeek,
} from "../modules/production/calendar-edits.server";
import {
  CalendarWeekSchema,
  ClosureRemoveSchema,
  ClosureSchema,
  CollectionWindowSchema,
  DropRemoveSchema,
  DropSchema,
  WindowChangeSchema,
  WindowRemoveSchema,
} from "../modules/production/calendar-forms";
import { WEEK_ORDER } from "../modules/production/plan-forms";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.calendar";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;
export const meta: Route.MetaFunction = () => [{ title: "Shop calendar" }];

const shopToday = (now: Date) => shopLocalDateTime(now).slice(0, 10);

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, STAFF_ROLES);
  const today = shopToday(ctx.now());
  return { today, ...(await loadCalendarPage(ctx, today)) };
}

const SCHEMAS = {
  week: CalendarWeekSchema,
  "window-add": CollectionWindowSchema,
  "window-change": WindowChangeSchema,
  "window-remove": WindowRemoveSchema,
  "closure-add": ClosureSchema,
  "closure-remove": ClosureRemoveSchema,
  "drop-save": DropSchema,
  "drop-remove": DropRemoveSchema,
};

/** Each form on the page by what it posts: a window's own form is named by its start time. */
function formIdOf(formData: FormData) {
  const intent = String(formData.get("intent") ?? "");
  return intent === "window-change" ? `window-${String(formData.get("startsAt") ?? "")}` : intent;
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const staff = await requireRole(ctx, request, STAFF_ROLES);
  const form = await readIntentSubmission(request, SCHEMAS, { formId: formIdOf });
  const limit = await checkRateLimit(ctx, [["writes", `user:${staff.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  if (form.submission.status !== "success") return form.reply();
  const today = shopToday(ctx.now());
  const value = form.submission.value;
  let result: CalendarEditResult;
  switch (form.intent) {
    case "week": {
      const { days } = value as typeof CalendarWeekSchema._output;
      result = await saveWeek(
        ctx,
        staff.id,
        today,
        days.map((day) => ({ weekday: day.weekday, open: day.open === "on", deliveries: day.deliveries })),
      );
      break;
    }
    case "window-add":
      result = await addWindow(ctx, staff.id, value as typeof CollectionWindowSchema._output);
      break;
    case "window-change":
      result = await changeWindow(ctx, staff.id, today, value as typeof WindowChangeSchema._output);
      break;
    case "window-remove":
      result = await removeWindow(ctx, staff.id, today, (value as typeof WindowRemoveSchema._output).startsAt);
      break;
    case "closure-add":
      result = await addClosure(ctx, staff.id, today, value as typeof ClosureSchema._output);
      break;
    case "closure-remove":
      result = await removeClosure(ctx, staff.id, (value as typeof ClosureRemoveSchema._output).date);
      break;
    case "drop-save": {
      const drop = value as typeof DropSchema._output;
      result = await saveDrop(ctx, staff.id, today, {
        bakeDate: drop.bakeDate,
        opensAt: `${drop.opensOn}T${drop.opensAt}`,
      });
      break;
    }
    default:
      result = await removeDrop(ctx, staff.id, (value as typeof DropRemoveSchema._output).bakeDate);
  }
  if (!result.ok) {
    return result.field ? form.fieldError(result.field, result.message, 409) : form.formError(result.message, 409);
  }
  return redirectWithNotice(ctx, "/admin/calendar", result.notice ?? "Calendar saved.");
}

type PageProps = Route.ComponentProps;
const panel = "space-y-3 rounded-2xl border border-crust-200 bg-white p-4";

export default function AdminCalendar({ loaderData, actionData }: PageProps) {
  return (
    <section aria-labelledby="calendar-heading" className="max-w-3xl space-y-8">
      <div>
        <h1 id="calendar-heading" className="font-serif text-3xl font-bold text-crust-900">
          Shop calendar
        </h1>
        <p className="mt-1 text-sm text-stone-700">
          When the shop opens, when orders can be collected, and the days it is shut. How many of each product are baked
          is in the production plan.
        </p>
      </div>
      <WeekForm loaderData={loaderData} answer={actionData} />
      <Windows loaderData={loaderData} answer={actionData} />
      <Closures loaderData={loaderData} answer={actionData} />
      <Drops loaderData={loaderData} answer={actionData} />
    </section>
  );
}

type SectionProps = { loaderData: PageProps["loaderData"]; answer: FormAnswer | undefined };

function WeekForm({ loaderData, answer }: SectionProps) {
  const byWeekday = new Map(loaderData.week.map((day) => [day.weekday, day]));
  const [form, fields] = useSchemaForm(CalendarWeekSchema, {
    answer,
    id: "week",
    defaultValue: {
      days: WEEK_ORDER.map((weekday) => ({
        weekday: String(weekday),
        open: byWeekday.get(weekday)?.open ? "on" : undefined,
        deliveries: String(byWeekday.get(weekday)?.deliveryCapacity ?? 0),
      })),
    },
  });
  const days = fields.days.getFieldList();
  return (
    <SchemaForm form={form} aria-labelledby="week-heading" className={panel}>
      <input type="hidden" name="intent" value="week" />
      <h2 id="week-heading" className="font-serif text-xl font-bold">
        The week
      </h2>
      <table className="text-sm">
        <thead>
          <tr>
            <th scope="col" className="py-1 pr-6 text-left">
              Day
            </th>
            <th scope="col" className="pr-6 text-left">
              Open
            </th>
            <th scope="col" className="text-left">
              Deliveries
            </th>
          </tr>
        </thead>
        <tbody>
          {WEEK_ORDER.map((weekday, index) => {
            const day = days[index]?.getFieldset();
            if (!day) return null;
            const name = WEEKDAY_NAMES[weekday] ?? "";
            return (
              <tr key={weekday}>
                <th scope="row" className="py-1 pr-6 text-left font-semibold">
                  {name}
                </th>
                <td className="pr-6">
                  <input {...getInputProps(day.weekday, { type: "hidden" })} key={day.weekday.key} />
                  <input
                    {...getInputProps(day.open, { type: "checkbox" })}
                    key={day.open.key}
                    aria-label={`Open on ${name}s`}
                  />
                </td>
                <td>
                  <input
                    {...getInputProps(day.deliveries, { type: "number" })}
                    key={day.deliveries.key}
                    aria-label={`Deliveries on ${name}s`}
                    className="w-20 rounded border border-crust-300 px-1.5 py-1 text-right"
                  />
                  {day.deliveries.errors ? (
                    <span id={day.deliveries.errorId} role="alert" className="ml-2 text-xs font-semibold text-red-800">
                      {day.deliveries.errors.join(" ")}
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Button size="md">Save the week</Button>
    </SchemaForm>
  );
}

function Windows({ loaderData, answer }: SectionProps) {
  return (
    <section aria-labelledby="windows-heading" className={panel}>
      <h2 id="windows-heading" className="font-serif text-xl font-bold">
        Collection windows
      </h2>
      <p className="text-sm text-stone-700">Every open day has these. A window's start is fixed once orders use it.</p>
      {loaderData.windows.map((window) => (
        <div key={window.startsAt} className="flex flex-wrap items-end gap-3 border-b border-crust-100 pb-3">
          <WindowForm window={window} answer={answer} />
          <Form method="post">
            <input type="hidden" name="intent" value="window-remove" />
            <input type="hidden" name="startsAt" value={window.startsAt} />
            <Button variant="secondary" size="md" aria-label={`Remove the ${window.startsAt} window`}>
              Remove
            </Button>
          </Form>
        </div>
      ))}
      {answer?.formId === "window-remove" && answer.result.error?.[""] ? (
        <p role="alert" className="text-sm font-semibold text-red-800">
          {answer.result.error[""].join(" ")}
        </p>
      ) : null}
      <NewWindowForm answer={answer} />
    </section>
  );
}

function WindowForm({
  window,
  answer,
}: {
  window: { startsAt: string; endsAt: string; capacity: number };
  answer: FormAnswer | undefined;
}) {
  const [form, fields] = useSchemaForm(WindowChangeSchema, {
    answer,
    id: `window-${window.startsAt}`,
    defaultValue: { startsAt: window.startsAt, endsAt: window.endsAt, capacity: String(window.capacity) },
  });
  return (
    <SchemaForm form={form} aria-label={`Window from ${window.startsAt}`} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="intent" value="window-change" />
      <input type="hidden" name="startsAt" value={window.startsAt} />
      <p className="w-24 pb-2 font-semibold">{`From ${window.startsAt}`}</p>
      <InputField field={fields.endsAt} label="Until" type="time" />
      <InputField field={fields.capacity} label="Orders" type="number" className="w-24" />
      <Button size="md" aria-label={`Save the ${window.startsAt} window`}>
        Save
      </Button>
    </SchemaForm>
  );
}

function NewWindowForm({ answer }: { answer: FormAnswer | undefined }) {
  const [form, fields] = useSchemaForm(CollectionWindowSchema, {
    answer,
    id: "window-add",
    defaultValue: { capacity: "8" },
  });
  return (
    <SchemaForm form={form} aria-label="Add a collection window" className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="intent" value="window-add" />
      <InputField field={fields.startsAt} label="New window from" type="time" />
      <InputField field={fields.endsAt} label="Until" type="time" />
      <InputField field={fields.capacity} label="Orders" type="number" className="w-24" />
      <Button size="md">Add window</Button>
    </SchemaForm>
  );
}

function Closures({ loaderData, answer }: SectionProps) {
  const [form, fields] = useSchemaForm(ClosureSchema, { answer, id: "closure-add" });
  return (
    <section aria-labelledby="closures-heading" className={panel}>
      <h2 id="closures-heading" className="font-serif text-xl font-bold">
        Days shut
      </h2>
      {loaderData.closures.length === 0 ? <p className="text-sm">No days shut coming up.</p> : null}
      <ul className="space-y-2">
        {loaderData.closures.map((closure) => (
          <li key={closure.date} className="flex flex-wrap items-center gap-3">
            <span className="font-semibold">{longDay(closure.date)}</span>
            {closure.reason ? <span>{closure.reason}</span> : null}
            {closure.orders > 0 ? (
              <span className="rounded bg-amber-100 px-1.5 text-sm text-amber-900">{`${closure.orders} orders booked`}</span>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="closure-remove" />
              <input type="hidden" name="date" value={closure.date} />
              <Button variant="link" size="sm" aria-label={`Open again on ${longDay(closure.date)}`}>
                Open again
              </Button>
            </Form>
          </li>
        ))}
      </ul>
      <SchemaForm form={form} aria-label="Shut the shop on a day" className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="closure-add" />
        <InputField field={fields.date} label="Shut on" type="date" min={loaderData.today} />
        <InputField field={fields.reason} label="Reason shoppers see" hint="(optional)" />
        <Button size="md">Shut that day</Button>
      </SchemaForm>
    </section>
  );
}

function Drops({ loaderData, answer }: SectionProps) {
  const [form, fields] = useSchemaForm(DropSchema, { answer, id: "drop-save", defaultValue: { opensAt: "18:00" } });
  return (
    <section aria-labelledby="drops-heading" className={panel}>
      <h2 id="drops-heading" className="font-serif text-xl font-bold">
        Menus that open at a set time
      </h2>
      <p className="text-sm text-stone-700">
        A bake day can open for orders at a moment you choose (the weekend at Thursday 18:00); until then the shop shows
        when.
      </p>
      <ul className="space-y-2">
        {loaderData.drops.map((drop) => (
          <li key={drop.bakeDate} className="flex flex-wrap items-center gap-3">
            <span>
              <span className="font-semibold">{longDay(drop.bakeDate)}</span>
              {` opens ${longDay(drop.opensAt.slice(0, 10))} at ${drop.opensAt.slice(11)}`}
            </span>
            <Form method="post">
              <input type="hidden" name="intent" value="drop-remove" />
              <input type="hidden" name="bakeDate" value={drop.bakeDate} />
              <Button variant="link" size="sm" aria-label={`Open as usual: ${longDay(drop.bakeDate)}`}>
                Open as usual
              </Button>
            </Form>
          </li>
        ))}
      </ul>
      <SchemaForm form={form} aria-label="Open a bake day at a set time" className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="drop-save" />
        <InputField field={fields.bakeDate} label="Bake day" type="date" min={loaderData.today} />
        <InputField field={fields.opensOn} label="Orders open on" type="date" min={loaderData.today} />
        <InputField field={fields.opensAt} label="At" type="time" />
        <Button size="md">Save</Button>
      </SchemaForm>
    </section>
  );
}
