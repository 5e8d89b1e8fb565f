import { ALLERGENS, DIETARY_TAGS, NOTICE_CHOICES, type PRODUCT_STATUSES } from "../../lib/constants";
import { type AnyField, CheckboxField, ChoiceGroup, InputField, SelectField, TextareaField } from "../forms/fields";

// Loose on purpose: the "new" and "edit" forms infer slightly different value types for the same fields.
type Field = AnyField;
type Fields = Record<
  | "name"
  | "slug"
  | "categoryId"
  | "price"
  | "summary"
  | "description"
  | "ingredients"
  | "allergens"
  | "dietaryTags"
  | "weightGrams"
  | "sizeLabel"
  | "maxPerOrder"
  | "noticeMinutes"
  | "sellFrom"
  | "sellUntil"
  | "shelfLifeDays"
  | "vatCategory"
  | "featured"
  | "status",
  Field
>;

/** HMRC's food guidance (VAT Notice 701/14) in a line each: most of a bakery's range is zero-rated. */
const VAT_CHOICES = [
  { value: "zero", label: "Zero-rated: bread, cakes, most bakery food" },
  { value: "standard", label: "Standard rate: hot food, confectionery, chocolate-covered biscuits, soft drinks" },
  { value: "reduced", label: "Reduced rate" },
];

const STATUS_CHOICES = [
  { value: "draft", label: "Draft (hidden from the shop)" },
  { value: "active", label: "Published" },
  { value: "archived", label: "Archived" },
] satisfies { value: (typeof PRODUCT_STATUSES)[number]; label: string }[];

const choicesOf = (list: readonly { id: string; label: string }[]) =>
  list.map(({ id, label }) => ({ value: id, label }));

/** Every editable product field, by the field its error belongs to; used by "new" and "edit". */
export function ProductFields({ fields, categories }: { fields: Fields; categories: { id: number; name: string }[] }) {
  return (
    <div className="space-y-4">
      <InputField field={fields.name} label="Name" />
      <InputField field={fields.slug} label="Web address" hint="(/products/…; made from the name if left empty)" />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          field={fields.categoryId}
          label="Category"
          choices={categories.map((category) => ({ value: String(category.id), label: category.name }))}
        />
        <InputField field={fields.price} label="Price (£)" inputMode="decimal" />
        <InputField field={fields.weightGrams} label="Weight (grams)" hint="(optional)" type="number" />
        <InputField field={fields.sizeLabel} label="Size" hint="(optional, e.g. 'serves 8')" />
        <InputField field={fields.maxPerOrder} label="Most per order" type="number" />
        <SelectField
          field={fields.noticeMinutes}
          label="Orders close"
          choices={NOTICE_CHOICES.map((choice) => ({ value: String(choice.minutes), label: choice.label }))}
        />
        <InputField field={fields.sellFrom} label="On sale from" hint="(optional: a seasonal bake)" type="date" />
        <InputField field={fields.sellUntil} label="On sale until" hint="(optional)" type="date" />
        <InputField
          field={fields.shelfLifeDays}
          label="Best before (days after baking)"
          hint="(for its label; 0 = eat on the day)"
          type="number"
        />
        <SelectField field={fields.vatCategory} label="VAT on receipts" choices={VAT_CHOICES} placeholder={null} />
      </div>
      <TextareaField field={fields.summary} label="Summary (one line for the shop listing)" rows={2} />
      <TextareaField field={fields.description} label="Description" rows={5} />
      <TextareaField field={fields.ingredients} label="Ingredients" rows={3} />
      <ChoiceGroup field={fields.allergens} legend="Allergens it contains" choices={choicesOf(ALLERGENS)} />
      <ChoiceGroup field={fields.dietaryTags} legend="Dietary" choices={choicesOf(DIETARY_TAGS)} />
      <CheckboxField field={fields.featured} label="Feature on the home page" />
      <ChoiceGroup field={fields.status} legend="Status" choices={STATUS_CHOICES} type="radio" layout="row" />
    </div>
  );
}
