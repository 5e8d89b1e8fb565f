import { AwsClient } from "aws4fetch";
import { and, count, eq, gt } from "drizzle-orm";
import { type ImageVariant, uploads } from "../../../database/schema";
import { type AcceptedImageType, MEDIA_IMMUTABLE_CACHE_CONTROL, UPLOAD_LIMITS } from "../../lib/constants";
import type { RequestContext } from "../platform/request-context.server";
import { sniffImageType } from "./sniff";

type UploadContext = Pick<RequestContext, "db" | "bindings" | "env">;

export type UploadProblem = "too-large" | "not-an-image" | "quota" | "empty";
export type StoredUpload = { id: string; key: string; width: number; height: number; contentType: AcceptedImageType };

export const UPLOAD_MESSAGES: Record<UploadProblem, string> = {
  "too-large": `Images can be up to ${UPLOAD_LIMITS.maxBytes / 1024 / 1024} MB.`,
  "not-an-image": "That file isn't a JPEG, PNG, WebP or AVIF image.",
  quota: `You've uploaded ${UPLOAD_LIMITS.dailyPerUser} images in the last day, the most allowed. Try again tomorrow.`,
  empty: "Choose an image to upload.",
};

const newUploadId = () =>
  [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
export const originalKey = (id: string) => `uploads/${id}/original`;
/**
 * Where a direct upload lands before it is checked. Never served (serve-media refuses it): only
 * once the bytes are proven to be an image within the limits are they copied to `original`.
 */
export const incomingKey = (id: string) => `uploads/${id}/incoming`;
export const variantKey = (id: string, width: number) => `uploads/${id}/w${width}.webp`;

/** Uploads by this user in the last 24 hours, counted before anything is stored. */
async function underQuota(ctx: Pick<RequestContext, "db">, userId: number): Promise<boolean> {
  const since = new Date(Date.now() - 24 * 3600_000).toISOString();
  const row = await ctx.db
    .select({ n: count() })
    .from(uploads)
    .where(and(eq(uploads.uploadedBy, userId), gt(uploads.createdAt, since)))
    .get();
  return (row?.n ?? 0) < UPLOAD_LIMITS.dailyPerUser;
}

/** Checks bytes for what they are (first bytes) and what size they decode to (the Images binding). */
async function inspect(
  ctx: UploadContext,
  bytes: ArrayBuffer,
): Promise<{ type: AcceptedImageType; width: number; height: number } | null> {
  const type = sniffImageType(new Uint8Array(bytes.slice(0, 16)));
  if (!type) return null;
  try {
    const info = await ctx.bindings.IMAGES.info(new Response(bytes).body as ReadableStream<Uint8Array>);
    if (!("width" in info) || !info.width || !info.height) return null;
    return { type, width: info.width, height: info.height };
  } catch {
    // Right magic number, but not a decodable image.
    return null;
  }
}

async function putOriginal(ctx: UploadContext, key: string, bytes: ArrayBuffer, type: AcceptedImageType) {
  await ctx.bindings.MEDIA.put(key, bytes, {
    httpMetadata: { contentType: type, cacheControl: MEDIA_IMMUTABLE_CACHE_CONTROL },
  });
}

/**
 * An upload through the Worker (the form without JavaScript): checked by size, quota and content,
 * stored in R2, recorded, and queued for its variants.
 */
export async function storeUpload(
  ctx: UploadContext,
  userId: number,
  file: File | null,
): Promise<{ ok: true; upload: StoredUpload } | { ok: false; problem: UploadProblem }> {
  if (!file || file.size === 0) return { ok: false, problem: "empty" };
  if (file.size > UPLOAD_LIMITS.maxBytes) return { ok: false, problem: "too-large" };
  if (!(await underQuota(ctx, userId))) return { ok: false, problem: "quota" };
  return storeImageBytes(ctx, userId, await file.arrayBuffer());
}

/**
 * Bytes checked to be an image (its first bytes and what it decodes to), stored in R2, recorded
 * as a stored upload by `userId` (0: the catalogue import, which has no account), and queued for
 * its variants. The form upload and the catalogue import both store images this way.
 */
export async function storeImageBytes(
  ctx: UploadContext,
  userId: number,
  bytes: ArrayBuffer,
): Promise<{ ok: true; upload: StoredUpload } | { ok: false; problem: UploadProblem }> {
  if (bytes.byteLength === 0) return { ok: false, problem: "empty" };
  if (bytes.byteLength > UPLOAD_LIMITS.maxBytes) return { ok: false, problem: "too-large" };
  const image = await inspect(ctx, bytes);
  if (!image) return { ok: false, problem: "not-an-image" };
  const id = newUploadId();
  const key = originalKey(id);
  await putOriginal(ctx, key, bytes, image.type);
  await ctx.db.insert(uploads).values({
    id,
    key,
    contentType: image.type,
    sizeBytes: bytes.byteLength,
    width: image.width,
    height: image.height,
    state: "stored",
    uploadedBy: userId,
  });
  await ctx.bindings.IMAGE_QUEUE.send({ uploadId: id });
  return { ok: true, upload: { id, key, width: image.width, height: image.height, contentType: image.type } };
}

export type SignedUpload = { uploadId: string; url: string; headers: Record<string, string> };

/**
 * Lets the browser send a file straight to storage: R2's S3 API with a presigned PUT when R2
 * credentials are configured, else our own signed route (local R2 has no S3 endpoint). Either
 * signature covers the declared type and exact size, so the link cannot carry anything else. The
 * bytes land at `incomingKey` and are checked when the upload is attached to a product.
 */
export async function signDirectUpload(
  ctx: UploadContext,
  userId: number,
  declared: { contentType: string; size: number },
): Promise<{ ok: true; signed: SignedUpload } | { ok: false; problem: UploadProblem }> {
  if (declared.size <= 0) return { ok: false, problem: "empty" };
  if (declared.size > UPLOAD_LIMITS.maxBytes) return { ok: false, problem: "too-large" };
  if (!(await underQuota(ctx, userId))) return { ok: false, problem: "quota" };
  const id = newUploadId();
  const key = originalKey(id);
  await ctx.db.insert(uploads).values({ id, key, sizeBytes: declared.size, state: "signed", uploadedBy: userId });
  const expiresSeconds = UPLOAD_LIMITS.signedMinutes * 60;
  const { env } = ctx;
  if (
    env.r2DirectUploads &&
    env.R2_ACCOUNT_ID &&
    env.R2_ACCESS_KEY_ID &&
    env.R2_SECRET_ACCESS_KEY &&
    env.R2_BUCKET_NAME
  ) {
    const client = new AwsClient({
      accessKeyId: env.R2_ACCESS_KEY_ID,
      secretAccessKey: env.R2_SECRET_ACCESS_KEY,
      service: "s3",
      region: "auto",
    });
    const url = new URL(
      `https://${env.R2_ACCOUNT_ID}.r2.cloudflarestorage.com/${env.R2_BUCKET_NAME}/${incomingKey(id)}`,
    );
    url.searchParams.set("X-Amz-Expires", String(expiresSeconds));
    // allHeaders: aws4fetch leaves Content-Type and Content-Length unsigned by default; signed,
    // R2 refuses a PUT of any other type or size.
    const signed = await client.sign(url.toString(), {
      method: "PUT",
      headers: { "Content-Type": declared.contentType, "Content-Length": String(declared.size) },
      aws: { signQuery: true, allHeaders: true },
    });
    return { ok: true, signed: { uploadId: id, url: signed.url, headers: { "Content-Type": declared.contentType } } };
  }
  const expires = Math.floor(Date.now() / 1000) + expiresSeconds;
  const signature = await hmac(env.COOKIE_SECRET, signedUploadMessage(id, expires, declared));
  const query = new URLSearchParams({ expires: String(expires), type: declared.contentType, signature });
  return {
    ok: true,
    signed: {
      uploadId: id,
      url: `/admin/uploads/${id}?${query}`,
      headers: { "Content-Type": declared.contentType },
    },
  };
}

async function hmac(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`upload:${message}`));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const signedUploadMessage = (id: string, expires: number | string, declared: { contentType: string; size: number }) =>
  `${id}.${expires}.${declared.contentType}.${declared.size}`;

/**
 * Checks our own signed upload URL (the local stand-in for a presigned R2 PUT): the id, the expiry,
 * and the type and exact size the request carries, as signed.
 */
export async function verifyUploadSignature(
  env: UploadContext["env"],
  id: string,
  request: { expires: string; signature: string; contentType: string; size: number },
) {
  const { expires, signature } = request;
  if (!/^[0-9a-f]{32}$/.test(id) || !/^\d+$/.test(expires) || Number(expires) < Date.now() / 1000) return false;
  const expected = await hmac(env.COOKIE_SECRET, signedUploadMessage(id, expires, request));
  if (expected.length !== signature.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ signature.charCodeAt(i);
  return difference === 0;
}

/** Receives the bytes of a signed upload (local route); refuses more than was declared or allowed. */
export async function receiveSignedUpload(
  ctx: UploadContext,
  id: string,
  body: ArrayBuffer,
): Promise<UploadProblem | null> {
  const row = await ctx.db
    .select({ key: uploads.key, sizeBytes: uploads.sizeBytes })
    .from(uploads)
    .where(and(eq(uploads.id, id), eq(uploads.state, "signed")))
    .get();
  if (!row) return "empty";
  if (body.byteLength > UPLOAD_LIMITS.maxBytes || body.byteLength > (row.sizeBytes ?? 0)) return "too-large";
  const type = sniffImageType(new Uint8Array(body.slice(0, 16)));
  if (!type) return "not-an-image";
  await putOriginal(ctx, incomingKey(id), body, type);
  return null;
}

/**
 * The upload ready to attach to a product: a stored one, or a directly uploaded one checked now
 * (it exists, is within the size limit, and really is an image). Too old to attach → null, so the
 * orphan cleanup never races an attachment.
 */
export async function claimUploadForProduct(
  ctx: UploadContext,
  id: string,
): Promise<{ ok: true; upload: StoredUpload & { variants: ImageVariant[] } } | { ok: false; problem: UploadProblem }> {
  if (!/^[0-9a-f]{32}$/.test(id)) return { ok: false, problem: "empty" };
  const since = new Date(Date.now() - UPLOAD_LIMITS.attachWithinHours * 3600_000).toISOString();
  const row = await ctx.db
    .select({
      id: uploads.id,
      key: uploads.key,
      contentType: uploads.contentType,
      width: uploads.width,
      height: uploads.height,
      state: uploads.state,
      variants: uploads.variants,
    })
    .from(uploads)
    .where(and(eq(uploads.id, id), gt(uploads.createdAt, since)))
    .get();
  if (!row) return { ok: false, problem: "empty" };
  if (row.state === "stored" && row.contentType && row.width && row.height) {
    return {
      ok: true,
      upload: {
        id: row.id,
        key: row.key,
        contentType: row.contentType,
        width: row.width,
        height: row.height,
        variants: row.variants,
      },
    };
  }
  const incoming = incomingKey(id);
  const object = await ctx.bindings.MEDIA.get(incoming);
  if (!object) return { ok: false, problem: "empty" };
  if (object.size > UPLOAD_LIMITS.maxBytes) {
    await ctx.bindings.MEDIA.delete(incoming);
    return { ok: false, problem: "too-large" };
  }
  const bytes = await object.arrayBuffer();
  const image = await inspect(ctx, bytes);
  if (!image) {
    await ctx.bindings.MEDIA.delete(incoming);
    return { ok: false, problem: "not-an-image" };
  }
  // Checked: only now does it reach the public key, with the type its bytes proved.
  await putOriginal(ctx, row.key, bytes, image.type);
  await ctx.bindings.MEDIA.delete(incoming);
  await ctx.db
    .update(uploads)
    .set({
      state: "stored",
      contentType: image.type,
      sizeBytes: bytes.byteLength,
      width: image.width,
      height: image.height,
    })
    .where(eq(uploads.id, id));
  await ctx.bindings.IMAGE_QUEUE.send({ uploadId: id });
  return {
    ok: true,
    upload: { id, key: row.key, contentType: image.type, width: image.width, height: image.height, variants: [] },
  };
}
