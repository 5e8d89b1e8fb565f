import { getInputProps } from "@conform-to/react";
import type { FormAnswer } from "../lib/form-answer";
import { shortDay } from "../lib/shop-dates";
import { NotifyMeSchema } from "../modules/notify/notify-form";
import { Button } from "./forms/button";
import { InputField, SelectField } from "./forms/fields";
import { SchemaForm } from "./forms/schema-form";
import { useSchemaForm } from "./forms/use-schema-form";

export type WaitableDay =
  | { date: string; status: "sold-out" }
  | { date: string; status: "opens-later"; opensAt: string };

const dayLabel = (day: WaitableDay) =>
  day.status === "sold-out"
    ? `${shortDay(day.date)}: sold out`
    : `${shortDay(day.date)}: on sale from ${shortDay(day.opensAt.slice(0, 10))}, ${day.opensAt.slice(11, 16)}`;

/**
 * "Tell me when it's back" on a product page (decision 032): a day that is sold out or not open
 * yet, and an address. A plain form (the page is the same for every visitor and cached, so it
 * carries nobody's details); the product page's action answers it.
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
  const [form, fields] = useSchemaForm(NotifyMeSchema, {
    id: "notify-me",
    answer,
    defaultValue: { productId: String(productId), date: days.length === 1 ? days[0]?.date : undefined },
  });
  if (days.length === 0) return null;
  const { key, ...productField } = getInputProps(fields.productId, { type: "hidden" });
  return (
    <section aria-labelledby="notify-heading" className="mt-6 rounded-2xl border border-crust-200 bg-white p-4">
      <h2 id="notify-heading" className="font-serif text-xl font-bold text-crust-900">
        Sold out on the day you want?
      </h2>
      <p className="mt-1 text-sm text-stone-700">
        We'll email you once if we bake more, or when it goes on sale. Nothing else.
      </p>
      <SchemaForm form={form} aria-label="Tell me when it's back" className="mt-3 space-y-3">
        <input key={key} {...productField} />
        <SelectField
          field={fields.date}
          label="Day"
          choices={days.map((day) => ({ value: day.date, label: dayLabel(day) }))}
        />
        <InputField field={fields.email} label="Email" type="email" autoComplete="email" />
        <Button variant="secondary" size="md">
          Email me when it's back
        </Button>
      </SchemaForm>
    </section>
  );
}
