import { data } from "react-router";
import { FORM_LIMITS } from "../../lib/constants";

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"] as const;

export type ReadFormOptions = {
  /** Largest body accepted, in bytes; forms default to FORM_LIMITS.maxBytes. */
  maxBytes?: number;
  /** Whether multipart bodies (file inputs) are expected; plain forms never need them. */
  allowFiles?: boolean;
};

/** A client's mistake: answered with its status and a sentence, never a 500 or an ERROR log. */
function refuse(status: 400 | 405 | 413 | 415, message: string, headers?: HeadersInit): never {
  throw data({ message }, { status, headers });
}

/**
 * The one way every action reads a submitted form (docs/decisions/009-security-rules.md):
 * - 405 for anything but POST (React Router hands DELETE or PUT to the same action);
 * - 415 unless the body is a browser form (url-encoded, or multipart where files are expected)
 *   in UTF-8;
 * - 413 over the size limit, judged by Content-Length first and again while reading, so a body
 *   that lies about its length is cut off rather than buffered whole;
 * - 400 for a body that does not parse.
 */
/** What readForm looks at: any request, including a clone (whose Cloudflare typing differs). */
type FormRequest = Pick<Request, "method" | "headers" | "body">;

export async function readForm(request: FormRequest, options: ReadFormOptions = {}): Promise<FormData> {
  const maxBytes = options.maxBytes ?? FORM_LIMITS.maxBytes;
  if (request.method !== "POST") refuse(405, "This address only accepts form submissions.", { Allow: "POST" });

  const contentType = request.headers.get("Content-Type") ?? "";
  const [mediaType = "", ...parameters] = contentType.split(";").map((part) => part.trim());
  const accepted = options.allowFiles ? FORM_TYPES : FORM_TYPES.slice(0, 1);
  if (!(accepted as readonly string[]).includes(mediaType.toLowerCase())) {
    refuse(415, "Please submit this form from the page it belongs to.");
  }
  const charset = parameters.find((p) => p.toLowerCase().startsWith("charset="))?.slice("charset=".length);
  if (charset && !/^"?utf-8"?$/i.test(charset)) refuse(415, "Please submit this form as UTF-8.");

  const body = await readBodyWithin(request, maxBytes);

  try {
    return await new Response(body, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return refuse(400, "That form submission was damaged on the way. Please try again.");
  }
}

/**
 * A request body of at most `maxBytes`, or a thrown 413: judged by Content-Length first, and
 * counted while reading, so a body that lies about its length (or has none) is cut off rather
 * than buffered whole. Also what the Stripe webhook reads its raw body with.
 */
export async function readBodyWithin(request: FormRequest, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("Content-Length") ?? Number.NaN);
  if (declared > maxBytes) refuse(413, tooLarge(maxBytes));
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      refuse(413, tooLarge(maxBytes));
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(maxBytes: number): string {
  const size =
    maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return `That submission is too large: the limit is ${size}.`;
}
