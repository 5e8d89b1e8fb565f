import { Form } from "react-router";
import type { FormAnswer } from "../lib/form-answer";
import { FORM_ID_FIELD } from "../lib/form-id";
import { shortDay } from "../lib/shop-dates";
import { Button } from "./forms/button";

export type WaitableDay =
  | { date: string; status: "sold-out" }
  | { date: string; status: "opens-later"; opensAt: string };

const dayLabel = (day: WaitableDay) =>
  day.status === "sold-out"
    ? `${shortDay(day.date)}: sold out`
    : `${shortDay(day.date)}: on sale from ${shortDay(day.opensAt.slice(0, 10))}, ${day.opensAt.slice(11, 16)}`;

const FORM_ID = "notify-me";
const controlClass = "mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2";

/**
 * "Tell me when it's back" on a product page (decision 032): a day that is sold out or not open
 * yet, and an address. A plain form, like Add to basket beside it, without the form kit's
 * client-side schema: the product page is the shop's most visited and stays light (the server
 * checks it with `NotifyMeSchema` and answers in the kit's shape, shown here by each field). The
 * page is the same for everyone and cached, so it carries nobody's details.
 */
export function NotifyMe({
  productId,
  days,
  answer,
}: {
  productId: number;
  days: WaitableDay[];
  answer: FormAnswer | undefined;
}) {
  if (days.length === 0) return null;
  const result = answer?.formId === FORM_ID ? answer.result : undefined;
  const errors = (result?.error ?? {}) as Record<string, string[] | null | undefined>;
  const values = (result?.initialValue ?? {}) as Record<string, string | undefined>;
  const field = (name: "date" | "email") => {
    const message = errors[name]?.join(" ");
    return {
      id: `${FORM_ID}-${name}`,
      name,
      "aria-invalid": message ? true : undefined,
      "aria-describedby": message ? `${FORM_ID}-${name}-error` : undefined,
      message,
    };
  };
  const date = field("date");
  const email = field("email");
  const error = (f: { id: string; message?: string }) =>
    f.message ? (
      <p id={`${f.id}-error`} className="mt-1 text-sm font-semibold text-red-800">
        {f.message}
      </p>
    ) : null;
  return (
    <section aria-labelledby="notify-heading" className="mt-6 rounded-2xl border border-crust-200 bg-white p-4">
      <h2 id="notify-heading" className="font-serif text-xl font-bold text-crust-900">
        Sold out on the day you want?
      </h2>
      <p className="mt-1 text-sm text-stone-700">
        We'll email you once if we bake more, or when it goes on sale. Nothing else.
      </p>
      {/* The server checks every field and answers by the field; the browser's own checks would
          stop a post before the shopper sees the shop's words. */}
      <Form method="post" noValidate preventScrollReset aria-label="Tell me when it's back" className="mt-3 space-y-3">
        <input type="hidden" name={FORM_ID_FIELD} value={FORM_ID} />
        <input type="hidden" name="productId" value={productId} />
        {errors.productId || errors[""] ? (
          <p role="alert" className="text-sm font-semibold text-red-800">
            {(errors.productId ?? errors[""] ?? []).join(" ")}
          </p>
        ) : null}
        <div>
          <label htmlFor={date.id} className="block font-medium">
            Day
          </label>
          <select
            id={date.id}
            name={date.name}
            aria-invalid={date["aria-invalid"]}
            aria-describedby={date["aria-describedby"]}
            defaultValue={values.date ?? (days.length === 1 ? days[0]?.date : "")}
            className={controlClass}
          >
            <option value="">Choose…</option>
            {days.map((day) => (
              <option key={day.date} value={day.date}>
                {dayLabel(day)}
              </option>
            ))}
          </select>
          {error(date)}
        </div>
        <div>
          <label htmlFor={email.id} className="block font-medium">
            Email
          </label>
          <input
            id={email.id}
            name={email.name}
            type="email"
            autoComplete="email"
            aria-invalid={email["aria-invalid"]}
            aria-describedby={email["aria-describedby"]}
            defaultValue={values.email ?? ""}
            className={controlClass}
          />
          {error(email)}
        </div>
        <Button variant="secondary" size="md">
          Email me when it's back
        </Button>
      </Form>
    </section>
  );
}
