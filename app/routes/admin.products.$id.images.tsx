import { ADD_IMAGE_FORM, AddImageForm, IMAGE_CHANGES_FORM, ImageRow } from "../components/admin/image-editor";
import { BackLink } from "../components/back-link";
import { FormErrors } from "../components/forms/fields";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { FORM_LIMITS, UPLOAD_LIMITS } from "../lib/constants";
import { findAdminProductOr404 } from "../modules/admin/catalog-admin.server";
import { AddImageSchema, ImageAltSchema, MoveImageSchema, RemoveImageSchema } from "../modules/admin/image-forms";
import {
  attachImage,
  listProductImages,
  moveImage,
  removeImage,
  updateImageAlt,
} from "../modules/admin/product-images.server";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { readIntentSubmission, refuseUnread } from "../modules/forms/submission.server";
import { toImageView } from "../modules/media/image-view";
import { claimUploadForProduct, storeUpload, UPLOAD_MESSAGES } from "../modules/media/uploads.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import type { RequestContext } from "../modules/platform/request-context.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
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

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const product = await findAdminProductOr404(ctx, params.id);
  const self = `/admin/products/${product.id}/images`;
  // An image plus the form's other fields. A declared oversize gets its message by the file field;
  // readForm also cuts off a body that turns out larger than it said, and the file is checked again.
  const maxBytes = UPLOAD_LIMITS.maxBytes + FORM_LIMITS.maxBytes;
  if (Number(request.headers.get("Content-Length") ?? "0") > maxBytes) {
    return refuseUnread("file", UPLOAD_MESSAGES["too-large"], 413, ADD_IMAGE_FORM);
  }
  const form = await readImageForm(request, maxBytes);
  if (form.intent === "add") {
    const { submission } = form;
    if (submission.status !== "success") return form.reply();
    const limit = await checkRateLimit(ctx, [["uploads", `user:${admin.id}`]]);
    if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
    const { alt, uploadId, file } = submission.value;
    const upload = uploadId
      ? await claimUploadForProduct(ctx, uploadId)
      : await storeUpload(ctx, admin.id, file ?? null);
    if (!upload.ok) {
      const status = { "too-large": 413, "not-an-image": 415, quota: 429, empty: 400 }[upload.problem];
      return form.fieldError("file", UPLOAD_MESSAGES[upload.problem], status);
    }
    await attachImage(ctx, admin.id, product.id, { variants: [], ...upload.upload }, alt);
    return redirectWithNotice(ctx, self, "Image added. Smaller versions for the shop are being made now.");
  }
  const changed = await changeImage(ctx, admin.id, product.id, form);
  if (changed === null) return form.reply();
  if (!changed) return form.formError("That image has changed or gone. Look again below.", 409);
  return redirectWithNotice(ctx, self, IMAGE_CHANGED[form.intent]);
}

/** Alt text, order or removal: whether it changed (null: the form did not parse). */
async function changeImage(
  ctx: RequestContext,
  adminId: number,
  productId: number,
  form: Awaited<ReturnType<typeof readImageForm>>,
): Promise<boolean | null> {
  if (form.intent === "alt") {
    const { submission } = form;
    if (submission.status !== "success") return null;
    return updateImageAlt(ctx, adminId, productId, submission.value.imageId, submission.value.alt);
  }
  if (form.intent === "move") {
    const { submission } = form;
    if (submission.status !== "success") return null;
    return moveImage(ctx, adminId, productId, submission.value.imageId, submission.value.direction);
  }
  if (form.intent === "remove") {
    const { submission } = form;
    if (submission.status !== "success") return null;
    return removeImage(ctx, adminId, productId, submission.value.imageId);
  }
  return null;
}

/** The add form, one alt-text form per image, and the move/remove buttons' shared answer. */
function imageFormId(formData: FormData) {
  const intent = formData.get("intent");
  if (intent === "add") return ADD_IMAGE_FORM;
  return intent === "alt" ? `image-${String(formData.get("imageId") ?? "")}` : IMAGE_CHANGES_FORM;
}

function readImageForm(request: Request, maxBytes: number) {
  return readIntentSubmission(
    request,
    { add: AddImageSchema, alt: ImageAltSchema, move: MoveImageSchema, remove: RemoveImageSchema },
    { allowFiles: true, maxBytes, formId: imageFormId },
  );
}

const IMAGE_CHANGED = {
  alt: "Description saved.",
  move: "Order changed.",
  remove: "Image removed from the product.",
} as const;

export default function ProductImages({ loaderData, actionData }: Route.ComponentProps) {
  const { product, images } = loaderData;
  const [changes] = useSchemaForm(RemoveImageSchema, { answer: actionData, id: IMAGE_CHANGES_FORM });
  return (
    <section aria-labelledby="images-heading" className="max-w-3xl space-y-6">
      <BackLink to={`/admin/products/${product.id}`}>{product.name}</BackLink>
      <h1
        id="images-heading"
        className="font-serif text-3xl font-bold text-crust-900"
      >{`Images of ${product.name}`}</h1>
      <FormErrors id={changes.errorId} errors={changes.errors} />
      {images.length === 0 ? <p className="text-stone-700">No images yet: the shop shows a placeholder.</p> : null}
      <ol className="space-y-4">
        {images.map((image, index) => (
          <ImageRow key={image.id} image={image} index={index} count={images.length} answer={actionData} />
        ))}
      </ol>
      <AddImageForm answer={actionData} />
    </section>
  );
}
