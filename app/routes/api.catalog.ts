import { data } from "react-router";
import { UPLOAD_LIMITS } from "../lib/constants";
import {
  applyImport,
  CATALOG_CSV_MAX_BYTES,
  exportCatalog,
  planImport,
} from "../modules/catalog-io/catalog-import.server";
import { photoManifest, photosAwaitingVariants, syncPhoto } from "../modules/catalog-io/catalog-photos.server";
import { catalogTokenMatches } from "../modules/catalog-io/catalog-token.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit, clientIp } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/api.catalog";

/**
 * The catalogue import/export API (decision 033), for `npm run catalog:export` and
 * `catalog:import`: the one transactional way into a deployed shop's D1 and R2 from outside.
 * Every call carries `Authorization: Bearer <CATALOG_IMPORT_TOKEN>`; without the secret set the
 * API does not exist (404), with a wrong token it is a 401 (rate-limited per client).
 *
 *   GET  /api/catalog/export          every product's CSV row (JSON)
 *   POST /api/catalog/plan            the dry run of a CSV (text/csv)
 *   POST /api/catalog/apply?limit=N   writes the next N rows still to write
 *   GET  /api/catalog/photos          slug → SHA-256 of each imported photo
 *   PUT  /api/catalog/photos/:slug    one photo (X-Content-SHA256, X-File-Name)
 */
async function authorised(context: Route.LoaderArgs["context"], request: Request) {
  const ctx = getRequestContext(context);
  if (!ctx.env.CATALOG_IMPORT_TOKEN) throw data({ message: "Not found" }, { status: 404 });
  if (!(await catalogTokenMatches(ctx.env.CATALOG_IMPORT_TOKEN, request.headers.get("Authorization")))) {
    const limit = await checkRateLimit(ctx, [["signIn", `catalog:${clientIp(request)}`]]);
    throw data(
      { message: limit.allowed ? "A valid catalogue import token is needed" : "Too many attempts" },
      { status: limit.allowed ? 401 : 429, headers: { "WWW-Authenticate": "Bearer" } },
    );
  }
  return ctx;
}

async function csvBody(request: Request): Promise<string> {
  if (!(request.headers.get("Content-Type") ?? "").startsWith("text/csv")) {
    throw data({ message: "Send the catalogue as text/csv" }, { status: 415 });
  }
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > CATALOG_CSV_MAX_BYTES) throw data({ message: "The CSV is larger than 2 MB" }, { status: 413 });
  const text = await request.text();
  if (new TextEncoder().encode(text).byteLength > CATALOG_CSV_MAX_BYTES) {
    throw data({ message: "The CSV is larger than 2 MB" }, { status: 413 });
  }
  return text;
}

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = await authorised(context, request);
  const path = params["*"];
  if (path === "export") return json(await exportCatalog(ctx));
  if (path === "photos") {
    const [photos, awaitingVariants] = await Promise.all([photoManifest(ctx), photosAwaitingVariants(ctx)]);
    return json({ photos, awaitingVariants });
  }
  throw data({ message: "Not found" }, { status: 404 });
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = await authorised(context, request);
  const path = params["*"] ?? "";
  if (request.method === "POST" && path === "plan") {
    const plan = await planImport(ctx, await csvBody(request));
    return "ok" in plan ? json(plan, 400) : json(plan);
  }
  if (request.method === "POST" && path === "apply") {
    const limit = Math.min(Math.max(Number(new URL(request.url).searchParams.get("limit") ?? 40) || 40, 1), 100);
    const result = await applyImport(ctx, await csvBody(request), limit);
    return json(result, result.ok ? 200 : 409);
  }
  const slug = /^photos\/([a-z0-9-]{1,80})$/.exec(path)?.[1];
  if (request.method === "PUT" && slug) {
    const sha256 = request.headers.get("X-Content-SHA256") ?? "";
    const fileName = request.headers.get("X-File-Name") ?? "";
    if (!/^[0-9a-f]{64}$/.test(sha256) || !/^[\w.-]{1,120}$/.test(fileName)) {
      return json({ message: "Send X-Content-SHA256 (hex) and X-File-Name" }, 400);
    }
    if (Number(request.headers.get("Content-Length") ?? 0) > UPLOAD_LIMITS.maxBytes) {
      return json({ message: "The photo is larger than the shop takes" }, 413);
    }
    const result = await syncPhoto(ctx, slug, fileName, sha256, await request.arrayBuffer());
    return json(result, result.ok ? 200 : result.status);
  }
  return json({ message: "Not found" }, 404);
}
