import { MEDIA_IMMUTABLE_CACHE_CONTROL, MEDIA_MUTABLE_CACHE_CONTROL } from "../../lib/constants";

// Keys that embed a content hash (`…/<16+ hex chars>…`) can never change in place.
const CONTENT_ADDRESSED = /(^|[/_-])[0-9a-f]{16,}([._/-]|$)/;

export function isContentAddressed(key: string): boolean {
  return CONTENT_ADDRESSED.test(key);
}

/**
 * The only parts of the bucket the public may read: product images and uploads. The same bucket
 * holds D1 backups (backups/), which must never be served.
 */
const PUBLIC_PREFIXES = ["products/", "uploads/"];

export function isPublicMediaKey(key: string): boolean {
  return (
    Boolean(key) &&
    !key.includes("..") &&
    PUBLIC_PREFIXES.some((prefix) => key.startsWith(prefix)) &&
    // A direct upload before it is checked (uploads.server.ts incomingKey) is nobody's to read.
    !key.endsWith("/incoming")
  );
}

/** Serves an R2 object with its stored content type, a strong ETag and conditional GET. */
export async function serveMedia(media: R2Bucket, key: string, request: Request): Promise<Response> {
  if (!isPublicMediaKey(key)) return new Response("Not found", { status: 404 });

  const object = await media.get(key, { onlyIf: request.headers });
  if (object === null) return new Response("Not found", { status: 404 });

  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set("ETag", object.httpEtag);
  headers.set("Cache-Control", isContentAddressed(key) ? MEDIA_IMMUTABLE_CACHE_CONTROL : MEDIA_MUTABLE_CACHE_CONTROL);
  if (!headers.has("Content-Type")) headers.set("Content-Type", "application/octet-stream");

  // R2 returns an object without a body when an If-None-Match/If-Modified-Since precondition fails.
  if (!("body" in object)) return new Response(null, { status: 304, headers });
  return new Response(request.method === "HEAD" ? null : object.body, { headers });
}
