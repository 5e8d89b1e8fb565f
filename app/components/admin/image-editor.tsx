import { Form } from "react-router";
import type { FormAnswer } from "../../lib/form-answer";
import { AddImageSchema, ImageAltSchema } from "../../modules/admin/image-forms";
import type { ImageView } from "../../modules/media/image-view";
import { Button } from "../forms/button";
import { InputField } from "../forms/fields";
import { SchemaForm } from "../forms/schema-form";
import { useSchemaForm } from "../forms/use-schema-form";
import { ImageUploadField } from "./image-upload-field";

/** The form that adds an image, and the one whose answers (409s) show above the list. */
export const ADD_IMAGE_FORM = "add-image";
export const IMAGE_CHANGES_FORM = "image-changes";

type EditableImage = { id: number; alt: string; width: number; height: number; variants: unknown[]; view: ImageView };

/** One image: its picture, its alt text form, and the buttons that move or remove it. */
export function ImageRow({
  image,
  index,
  count,
  answer,
}: {
  image: EditableImage;
  index: number;
  count: number;
  answer: FormAnswer | undefined;
}) {
  const [form, fields] = useSchemaForm(ImageAltSchema, {
    answer,
    id: `image-${image.id}`,
    defaultValue: { imageId: String(image.id), alt: image.alt },
  });
  return (
    <li className="flex flex-wrap gap-4 rounded-2xl border border-crust-200 bg-white p-4">
      <img
        src={image.view.src}
        alt={image.alt}
        width={160}
        height={Math.round((160 * image.height) / image.width)}
        className="rounded-lg object-cover"
      />
      <div className="flex-1 space-y-2">
        <p className="text-sm text-stone-700">
          {`${index === 0 ? "Main image · " : ""}${image.width}×${image.height} · ${image.variants.length ? `${image.variants.length} sizes` : "sizes being made"}`}
        </p>
        <SchemaForm form={form} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="intent" value="alt" />
          <input type="hidden" name="imageId" value={image.id} />
          <div className="flex-1 text-sm">
            <InputField field={fields.alt} label="Description (alt text)" />
          </div>
          <Button variant="secondary" size="sm">
            Save description
          </Button>
        </SchemaForm>
        <div className="flex flex-wrap gap-2">
          {index > 0 ? <ImageChangeButton imageId={image.id} intent="move" direction="up" label="Move up" /> : null}
          {index < count - 1 ? (
            <ImageChangeButton imageId={image.id} intent="move" direction="down" label="Move down" />
          ) : null}
          <ImageChangeButton imageId={image.id} intent="remove" label="Remove" danger />
        </div>
      </div>
    </li>
  );
}

/** One button that changes one image: move it up or down, or remove it. */
function ImageChangeButton({
  imageId,
  intent,
  direction,
  label,
  danger = false,
}: {
  imageId: number;
  intent: "move" | "remove";
  direction?: "up" | "down";
  label: string;
  danger?: boolean;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="formId" value={IMAGE_CHANGES_FORM} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="imageId" value={imageId} />
      {direction ? <input type="hidden" name="direction" value={direction} /> : null}
      <Button variant={danger ? "danger" : "secondary"} size="sm">
        {label}
      </Button>
    </Form>
  );
}

/** The file (or, with JavaScript, an upload already sent to storage) and what it shows. */
export function AddImageForm({ answer }: { answer: FormAnswer | undefined }) {
  const [form, fields] = useSchemaForm(AddImageSchema, { answer, id: ADD_IMAGE_FORM });
  return (
    <SchemaForm
      form={form}
      encType="multipart/form-data"
      className="space-y-4 rounded-2xl border border-crust-200 bg-white p-5"
    >
      <h2 className="font-serif text-xl font-bold">Add an image</h2>
      <input type="hidden" name="intent" value="add" />
      <ImageUploadField error={fields.file.errors?.join(" ")} />
      <InputField field={fields.alt} label="Description (alt text)" />
      <Button>Add image</Button>
    </SchemaForm>
  );
}
