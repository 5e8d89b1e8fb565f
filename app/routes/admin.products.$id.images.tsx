import { data, Form, redirect, useNavigation, useSearchParams } from "react-router";
import { SubmitButton } from "../components/account-page";
import { ImageUploadField } from "../components/admin/image-upload-field";
import { BackLink } from "../components/back-link";
import { FORM_LIMITS, UPLOAD_LIMITS } from "../lib/constants";
import { findAdminProductOr404 } from "../modules/admin/catalog-admin.server";
import { Alt, ImageAction } from "../modules/admin/image-forms";
import {
  attachImage,
  listProductImages,
  moveImage,
  removeImage,
  updateImageAlt,
} from "../modules/admin/product-images.server";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { readForm } from "../modules/forms/read-form.server";
import { toImageView } from "../modules/media/image-view";
import { claimUploadForProduct, storeUpload, UPLOAD_MESSAGES } from "../modules/media/uploads.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit, tooManyAttemptsMessage } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.products.$id.images";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  const product = await findAdminProductOr404(ctx, params.id);
  const images = await listProductImages(ctx, product.id);
  return {
    product: { id: product.id, name: product.name },
    images: images.map((image) => ({ ...image, view: toImageView(image) })),
  };
}

type Reply = { error: string; field: "file" | "alt" | null; alt: string; imageId?: number };
const fail = (reply: Reply, status: number, headers?: HeadersInit) => data<Reply>(reply, { status, headers });

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const product = await findAdminProductOr404(ctx, params.id);
  const self = `/admin/products/${product.id}/images`;
  // An image plus the form's other fields. A declared oversize gets its message by the file field;
  // readForm also cuts off a body that turns out larger than it said, and the file is checked again.
  const maxBytes = UPLOAD_LIMITS.maxBytes + FORM_LIMITS.maxBytes;
  if (Number(request.headers.get("Content-Length") ?? "0") > maxBytes) {
    return fail({ error: UPLOAD_MESSAGES["too-large"], field: "file", alt: "" }, 413);
  }
  const form = await readForm(request, { allowFiles: true, maxBytes });
  const intent = form.get("intent");

  if (intent === "add") {
    const alt = Alt.safeParse(form.get("alt") ?? "");
    const altText = String(form.get("alt") ?? "");
    if (!alt.success)
      return fail({ error: alt.error.issues[0]?.message ?? "Add alt text", field: "alt", alt: altText }, 400);
    const limit = await checkRateLimit(ctx, [["uploads", `user:${admin.id}`]]);
    if (!limit.allowed) {
      return fail({ error: tooManyAttemptsMessage(limit.retryAfterSeconds), field: "file", alt: altText }, 429, {
        "Retry-After": String(limit.retryAfterSeconds),
      });
    }
    const uploadId = form.get("uploadId");
    const file = form.get("file");
    const upload =
      typeof uploadId === "string" && uploadId
        ? await claimUploadForProduct(ctx, uploadId)
        : await storeUpload(ctx, admin.id, file instanceof File ? file : null);
    if (!upload.ok) {
      const status = { "too-large": 413, "not-an-image": 415, quota: 429, empty: 400 }[upload.problem];
      return fail({ error: UPLOAD_MESSAGES[upload.problem], field: "file", alt: altText }, status);
    }
    await attachImage(ctx, admin.id, product.id, { variants: [], ...upload.upload }, alt.data);
    return redirect(`${self}?done=added`, 303);
  }

  const parsed = ImageAction.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const imageId = Number(form.get("imageId")) || undefined;
    return fail(
      {
        error: parsed.error.issues[0]?.message ?? "That change isn't possible.",
        field: "alt",
        alt: String(form.get("alt") ?? ""),
        imageId,
      },
      400,
    );
  }
  const change = parsed.data;
  const changed =
    change.intent === "alt"
      ? await updateImageAlt(ctx, admin.id, product.id, change.imageId, change.alt)
      : change.intent === "move"
        ? await moveImage(ctx, admin.id, product.id, change.imageId, change.direction)
        : await removeImage(ctx, admin.id, product.id, change.imageId);
  if (!changed) return fail({ error: "That image has changed or gone. Look again below.", field: null, alt: "" }, 409);
  return redirect(`${self}?done=${change.intent}`, 303);
}

const DONE: Record<string, string> = {
  added: "Image added. Smaller versions for the shop are being made now.",
  alt: "Description saved.",
  move: "Order changed.",
  remove: "Image removed from the product.",
};
const smallButton = "rounded-full border border-crust-700 px-3 py-1 text-sm font-semibold";

/** One button that changes one image: move it up or down, or remove it. */
function ImageActionButton({
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
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="imageId" value={imageId} />
      {direction ? <input type="hidden" name="direction" value={direction} /> : null}
      <button
        type="submit"
        className={
          danger ? "rounded-full border border-red-800 px-3 py-1 text-sm font-semibold text-red-800" : smallButton
        }
      >
        {label}
      </button>
    </Form>
  );
}

export default function ProductImages({ loaderData, actionData }: Route.ComponentProps) {
  const { product, images } = loaderData;
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const done = DONE[searchParams.get("done") ?? ""];
  return (
    <section aria-labelledby="images-heading" className="max-w-3xl space-y-6">
      <BackLink to={`/admin/products/${product.id}`}>{product.name}</BackLink>
      <h1
        id="images-heading"
        className="font-serif text-3xl font-bold text-crust-900"
      >{`Images of ${product.name}`}</h1>
      {done ? (
        <p role="status" className="rounded-lg bg-green-50 p-3 text-green-900">
          {done}
        </p>
      ) : null}
      {actionData?.error && actionData.field === null ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 font-semibold text-red-800">
          {actionData.error}
        </p>
      ) : null}
      {images.length === 0 ? <p className="text-stone-700">No images yet: the shop shows a placeholder.</p> : null}
      <ol className="space-y-4">
        {images.map((image, index) => (
          <li key={image.id} className="flex flex-wrap gap-4 rounded-2xl border border-crust-200 bg-white p-4">
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
              <Form method="post" className="flex flex-wrap items-end gap-2">
                <input type="hidden" name="intent" value="alt" />
                <input type="hidden" name="imageId" value={image.id} />
                <label className="flex-1 text-sm font-medium">
                  Description (alt text)
                  <input
                    name="alt"
                    defaultValue={actionData?.imageId === image.id ? actionData.alt : image.alt}
                    className="mt-1 block w-full rounded-lg border border-stone-300 px-3 py-1.5"
                  />
                </label>
                <button type="submit" className={smallButton}>
                  Save description
                </button>
              </Form>
              {actionData?.imageId === image.id ? (
                <p role="alert" className="text-sm font-semibold text-red-800">
                  {actionData.error}
                </p>
              ) : null}
              <div className="flex flex-wrap gap-2">
                {index > 0 ? (
                  <ImageActionButton imageId={image.id} intent="move" direction="up" label="Move up" />
                ) : null}
                {index < images.length - 1 ? (
                  <ImageActionButton imageId={image.id} intent="move" direction="down" label="Move down" />
                ) : null}
                <ImageActionButton imageId={image.id} intent="remove" label="Remove" danger />
              </div>
            </div>
          </li>
        ))}
      </ol>
      <Form
        method="post"
        encType="multipart/form-data"
        className="space-y-4 rounded-2xl border border-crust-200 bg-white p-5"
      >
        <h2 className="font-serif text-xl font-bold">Add an image</h2>
        <input type="hidden" name="intent" value="add" />
        <ImageUploadField error={actionData?.field === "file" ? actionData.error : undefined} />
        <div>
          <label htmlFor="image-alt" className="font-medium">
            Description (alt text)
          </label>
          <input
            id="image-alt"
            name="alt"
            required
            maxLength={200}
            defaultValue={actionData?.field ? actionData.alt : ""}
            aria-describedby={actionData?.field === "alt" ? "image-alt-error" : undefined}
            className="mt-1 w-full rounded-lg border border-stone-300 px-3 py-2"
          />
          {actionData?.field === "alt" && !actionData.imageId ? (
            <p id="image-alt-error" className="mt-1 text-sm font-semibold text-red-800">
              {actionData.error}
            </p>
          ) : null}
        </div>
        <SubmitButton pending={navigation.state === "submitting"}>Add image</SubmitButton>
      </Form>
    </section>
  );
}
