import {
  type FieldMetadata,
  getCollectionProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
} from "@conform-to/react";
import { ALLERGENS, DIETARY_TAGS, PRODUCT_STATUSES } from "../../lib/constants";
import { FormField, TextAreaField } from "../form-field";

// Loose on purpose: the "new" and "edit" forms infer slightly different value types for the same fields.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Field = FieldMetadata<any, any, string[]>;
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
  | "featured"
  | "status",
  Field
>;

const inputClass = "mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2";
const STATUS_LABELS: Record<string, string> = {
  draft: "Draft (hidden from the shop)",
  active: "Published",
  archived: "Archived",
};

function FieldError({ field }: { field: Field }) {
  return field.errors ? (
    <p id={field.errorId} className="mt-1 text-sm font-semibold text-red-800">
      {field.errors.join(" ")}
    </p>
  ) : null;
}

function TextArea({ label, field, rows }: { label: string; field: Field; rows: number }) {
  return (
    <TextAreaField
      label={label}
      errors={field.errors}
      errorId={field.errorId}
      textareaProps={{ ...getTextareaProps(field), rows }}
    />
  );
}

/** Checkboxes for a list field, labelled from a constant's { id, label } list. */
function CheckboxGroup({
  legend,
  field,
  choices,
}: {
  legend: string;
  field: Field;
  choices: readonly { id: string; label: string }[];
}) {
  return (
    <fieldset>
      <legend className="font-medium">{legend}</legend>
      <div className="mt-1 grid gap-1 sm:grid-cols-2">
        {getCollectionProps(field, { type: "checkbox", options: choices.map((c) => c.id) }).map(({ key, ...props }) => (
          <label key={key} className="flex items-center gap-2">
            <input {...props} />
            {choices.find((c) => c.id === props.value)?.label}
          </label>
        ))}
      </div>
      <FieldError field={field} />
    </fieldset>
  );
}

/** Every editable product field, by the field its error belongs to; used by "new" and "edit". */
export function ProductFields({ fields, categories }: { fields: Fields; categories: { id: number; name: string }[] }) {
  return (
    <div className="space-y-4">
      <FormField
        label="Name"
        errors={fields.name.errors}
        errorId={fields.name.errorId}
        inputProps={getInputProps(fields.name, { type: "text" })}
      />
      <FormField
        label="Web address"
        hint="(/products/…; made from the name if left empty)"
        errors={fields.slug.errors}
        errorId={fields.slug.errorId}
        inputProps={getInputProps(fields.slug, { type: "text" })}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={fields.categoryId.id} className="font-medium">
            Category
          </label>
          <select {...getSelectProps(fields.categoryId)} key={fields.categoryId.key} className={inputClass}>
            <option value="">Choose…</option>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
          </select>
          <FieldError field={fields.categoryId} />
        </div>
        <FormField
          label="Price (£)"
          errors={fields.price.errors}
          errorId={fields.price.errorId}
          inputProps={{ ...getInputProps(fields.price, { type: "text" }), inputMode: "decimal" }}
        />
        <FormField
          label="Weight (grams)"
          hint="(optional)"
          errors={fields.weightGrams.errors}
          errorId={fields.weightGrams.errorId}
          inputProps={getInputProps(fields.weightGrams, { type: "number" })}
        />
        <FormField
          label="Size"
          hint="(optional, e.g. 'serves 8')"
          errors={fields.sizeLabel.errors}
          errorId={fields.sizeLabel.errorId}
          inputProps={getInputProps(fields.sizeLabel, { type: "text" })}
        />
      </div>
      <TextArea label="Summary (one line for the shop listing)" field={fields.summary} rows={2} />
      <TextArea label="Description" field={fields.description} rows={5} />
      <TextArea label="Ingredients" field={fields.ingredients} rows={3} />
      <CheckboxGroup legend="Allergens it contains" field={fields.allergens} choices={ALLERGENS} />
      <CheckboxGroup legend="Dietary" field={fields.dietaryTags} choices={DIETARY_TAGS} />
      <label className="flex items-center gap-2">
        <input {...getInputProps(fields.featured, { type: "checkbox" })} key={fields.featured.key} />
        Feature on the home page
      </label>
      <fieldset>
        <legend className="font-medium">Status</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {getCollectionProps(fields.status, { type: "radio", options: [...PRODUCT_STATUSES] }).map(
            ({ key, ...props }) => (
              <label key={key} className="flex items-center gap-2">
                <input {...props} />
                {STATUS_LABELS[props.value]}
              </label>
            ),
          )}
        </div>
      </fieldset>
    </div>
  );
}
