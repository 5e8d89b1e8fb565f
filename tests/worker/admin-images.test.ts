import { createExecutionContext, createMessageBatch, env, getQueueResult, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../workers/app";
import { fromBase64, JPEG_800x600_BASE64, PNG_64x48_BASE64 } from "../fixtures/images";
import { allowConsoleError } from "./console-guard";
import { get, ORIGIN, postMultipart, reportedEvents, signedInAs } from "./helpers";

const jpeg = () => new File([fromBase64(JPEG_800x600_BASE64)], "loaf.jpg", { type: "image/jpeg" });

function addImageForm(file: File | null, alt = "A crusty loaf on a board") {
  const form = new FormData();
  form.set("intent", "add");
  form.set("alt", alt);
  if (file) form.set("file", file);
  return form;
}

async function newProductId(cookie: string): Promise<number> {
  const row = await env.DB.prepare("SELECT id FROM products WHERE slug = 'country-sourdough'").first<number>("id");
  expect(cookie).toBeTruthy();
  return row ?? 0;
}

const imagesOf = (productId: number) =>
  env.DB.prepare(
    "SELECT r2_key, alt, width, height, variants FROM product_images WHERE product_id = ? ORDER BY position, id",
  )
    .bind(productId)
    .all<{ r2_key: string; alt: string; width: number; height: number; variants: string }>()
    .then((r) => r.results);

const uploadCount = () => env.DB.prepare("SELECT count(*) AS n FROM uploads").first<number>("n");

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  return read();
}

describe("image uploads without JavaScript (multipart through the Worker)", () => {
  it("stores a JPEG, attaches it with its alt text, and the queue makes WebP variants served immutable", async () => {
    const admin = await signedInAs("admin");
    const productId = await newProductId(admin.cookie);
    const before = (await imagesOf(productId)).length;
    const { response } = await postMultipart(`/admin/products/${productId}/images`, addImageForm(jpeg()), admin.cookie);
    expect(response.status).toBe(303);
    const images = await imagesOf(productId);
    expect(images).toHaveLength(before + 1);
    const added = images.at(-1);
    expect(added).toMatchObject({ alt: "A crusty loaf on a board", width: 800, height: 600 });
    expect(added?.r2_key).toMatch(/^uploads\/[0-9a-f]{32}\/original$/);

    const withVariants = await waitFor(
      () => imagesOf(productId).then((rows) => rows.at(-1)),
      (row) => JSON.parse(row?.variants ?? "[]").length > 0,
    );
    const variants = JSON.parse(withVariants?.variants ?? "[]") as { width: number; key: string }[];
    expect(variants.map((v) => v.width)).toEqual([320, 640, 800]);
    const served = await get(`/media/${variants[0]?.key}`);
    expect(served.response.status).toBe(200);
    expect(served.response.headers.get("Content-Type")).toBe("image/webp");
    expect(served.response.headers.get("Cache-Control")).toContain("immutable");
  });

  it("refuses a text file named .jpg, by its content, keeping the alt text and storing nothing", async () => {
    const admin = await signedInAs("admin");
    const productId = await newProductId(admin.cookie);
    const before = await uploadCount();
    const fake = new File([new TextEncoder().encode("<html>not a picture</html>")], "loaf.jpg", { type: "image/jpeg" });
    const { response, html } = await postMultipart(
      `/admin/products/${productId}/images`,
      addImageForm(fake, "Kept alt"),
      admin.cookie,
    );
    expect(response.status).toBe(415);
    expect(html).toContain("That file isn&#x27;t a JPEG, PNG, WebP or AVIF image.");
    expect(html).toContain('value="Kept alt"');
    expect(await uploadCount()).toBe(before);
  });

  it("refuses a file over 10 MB with 413", async () => {
    const admin = await signedInAs("admin");
    const productId = await newProductId(admin.cookie);
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    const { response, html } = await postMultipart(
      `/admin/products/${productId}/images`,
      addImageForm(new File([big], "huge.jpg", { type: "image/jpeg" })),
      admin.cookie,
    );
    expect(response.status).toBe(413);
    expect(html).toContain("Images can be up to 10 MB.");
  });

  it("stops an admin at the daily quota", async () => {
    const admin = await signedInAs("admin");
    const productId = await newProductId(admin.cookie);
    const statements = Array.from({ length: 50 }, (_, i) =>
      env.DB.prepare("INSERT INTO uploads (id, key, uploaded_by) VALUES (?, ?, ?)").bind(
        `${admin.id.toString(16).padStart(8, "0")}${i.toString(16).padStart(24, "0")}`,
        `uploads/quota-${admin.id}-${i}/original`,
        admin.id,
      ),
    );
    await env.DB.batch(statements);
    const { response, html } = await postMultipart(
      `/admin/products/${productId}/images`,
      addImageForm(jpeg()),
      admin.cookie,
    );
    expect(response.status).toBe(429);
    expect(html).toContain("the most allowed");
  });

  it("needs alt text", async () => {
    const admin = await signedInAs("admin");
    const productId = await newProductId(admin.cookie);
    const { response, html } = await postMultipart(
      `/admin/products/${productId}/images`,
      addImageForm(jpeg(), ""),
      admin.cookie,
    );
    expect(response.status).toBe(400);
    expect(html).toContain("Describe the image for people who can");
  });
});

describe("direct uploads (with JavaScript)", () => {
  async function sign(cookie: string, contentType: string, size: number) {
    const response = await SELF.fetch(`${ORIGIN}/admin/uploads`, {
      method: "POST",
      headers: { Origin: ORIGIN, Cookie: cookie, "Content-Type": "application/json" },
      body: JSON.stringify({ contentType, size }),
    });
    return { response, body: (await response.json()) as { uploadId?: string; url?: string; error?: string } };
  }
  const put = (url: string, cookie: string, bytes: Uint8Array, contentType = "image/png") =>
    SELF.fetch(`${ORIGIN}${url}`, {
      method: "PUT",
      headers: { Origin: ORIGIN, Cookie: cookie, "Content-Type": contentType },
      body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
    });

  it("signs an upload, takes the bytes at the signed URL, then attaches it after checking them", async () => {
    const admin = await signedInAs("admin");
    const productId = await newProductId(admin.cookie);
    const png = fromBase64(PNG_64x48_BASE64);
    const { response, body } = await sign(admin.cookie, "image/png", png.byteLength);
    expect(response.status).toBe(200);
    expect(body.url).toMatch(/^\/admin\/uploads\/[0-9a-f]{32}\?expires=\d+&type=image%2Fpng&signature=[0-9a-f]{64}$/);
    expect((await put(body.url ?? "", admin.cookie, png)).status).toBe(204);
    // Stored but not yet checked: nobody can read it, under either name.
    for (const name of ["incoming", "original"]) {
      expect((await SELF.fetch(`${ORIGIN}/media/uploads/${body.uploadId}/${name}`)).status).toBe(404);
    }

    const form = new FormData();
    form.set("intent", "add");
    form.set("alt", "A tiny test square");
    form.set("uploadId", body.uploadId ?? "");
    expect((await postMultipart(`/admin/products/${productId}/images`, form, admin.cookie)).response.status).toBe(303);
    const added = (await imagesOf(productId)).find((image) => image.alt === "A tiny test square");
    expect(added).toMatchObject({ width: 64, height: 48, r2_key: `uploads/${body.uploadId}/original` });
    // Checked and attached: now public, and the unchecked copy is gone.
    expect((await SELF.fetch(`${ORIGIN}/media/uploads/${body.uploadId}/original`)).status).toBe(200);
    expect(await env.MEDIA.head(`uploads/${body.uploadId}/incoming`)).toBeNull();
  });

  it("signs the type and the exact size: the link carries nothing else", async () => {
    const admin = await signedInAs("admin");
    const png = fromBase64(PNG_64x48_BASE64);
    const { body } = await sign(admin.cookie, "image/png", png.byteLength);
    const url = body.url ?? "";
    expect((await put(url, admin.cookie, png, "text/html")).status).toBe(403);
    expect((await put(url, admin.cookie, new Uint8Array([...png, 0]))).status).toBe(403);
    expect(
      (await put(url.replace("type=image%2Fpng", "type=text%2Fhtml"), admin.cookie, png, "text/html")).status,
    ).toBe(403);
    expect((await put(url, admin.cookie, png)).status).toBe(204);
  });

  it("refuses a forged or expired signature, a body that isn't an image, and an undeclared type", async () => {
    const admin = await signedInAs("admin");
    const png = fromBase64(PNG_64x48_BASE64);
    const { body } = await sign(admin.cookie, "image/png", png.byteLength);
    const url = body.url ?? "";
    expect(
      (await put(url.replace(/signature=[0-9a-f]{4}/, "signature=0000"), admin.cookie, fromBase64(PNG_64x48_BASE64)))
        .status,
    ).toBe(403);
    expect(
      (await put(url.replace(/expires=\d+/, "expires=1000"), admin.cookie, fromBase64(PNG_64x48_BASE64))).status,
    ).toBe(403);
    const exe = new TextEncoder().encode("MZ this is an exe");
    const exeUpload = await sign(admin.cookie, "image/png", exe.byteLength);
    expect((await put(exeUpload.body.url ?? "", admin.cookie, exe)).status).toBe(415);
    const gif = await sign(admin.cookie, "image/gif", 1000);
    expect(gif.response.status).toBe(415);
    const huge = await sign(admin.cookie, "image/jpeg", 11 * 1024 * 1024);
    expect(huge.response.status).toBe(413);
  });

  it("is for admins only", async () => {
    const staff = await signedInAs("staff");
    expect((await sign(staff.cookie, "image/png", 100)).response.status).toBe(403);
  });
});

describe("image variant queue", () => {
  async function runQueue(queue: string, uploadId: string, attempts = 1) {
    const batch = createMessageBatch(queue, [
      { id: `img-${uploadId}-${attempts}`, timestamp: new Date(), attempts, body: { uploadId } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    return getQueueResult(batch, ctx);
  }

  it("retries an upload whose bytes can't be resized, and gives up from the dead-letter queue, reporting it", async () => {
    allowConsoleError(/image variants gave up/);
    const uploadId = crypto.randomUUID().replaceAll("-", "");
    const key = `uploads/${uploadId}/original`;
    await env.MEDIA.put(key, new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    await env.DB.prepare(
      "INSERT INTO uploads (id, key, content_type, width, height, state, uploaded_by) VALUES (?, ?, 'image/jpeg', 800, 600, 'stored', 1)",
    )
      .bind(uploadId, key)
      .run();
    const failed = await runQueue("bob-images", uploadId);
    expect(failed.retryMessages).toHaveLength(1);
    expect(failed.explicitAcks).toHaveLength(0);
    const dead = await runQueue("bob-images-dlq", uploadId, 4);
    expect(dead.explicitAcks).toHaveLength(1);
    // Someone hears of it: one error report, naming the upload.
    const reports = await reportedEvents((event) => event.tags?.upload_id === uploadId);
    expect(reports.map((r) => [r.message, r.tags?.queue])).toEqual([
      ["Image variants could not be made after every retry", "bob-images-dlq"],
    ]);
  });
});

describe("managing a product's images", () => {
  it("changes alt text, moves an image up and removes one, each audited", async () => {
    const admin = await signedInAs("admin");
    const productId =
      (await env.DB.prepare("SELECT id FROM products WHERE slug = 'butter-croissant'").first<number>("id")) ?? 0;
    for (const alt of ["First photo", "Second photo"]) {
      await postMultipart(`/admin/products/${productId}/images`, addImageForm(jpeg(), alt), admin.cookie);
    }
    const ids = async () =>
      (
        await env.DB.prepare("SELECT id, alt FROM product_images WHERE product_id = ? ORDER BY position, id")
          .bind(productId)
          .all<{ id: number; alt: string }>()
      ).results;
    const second = (await ids()).find((i) => i.alt === "Second photo");
    const post = (fields: Record<string, string>) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      return postMultipart(`/admin/products/${productId}/images`, form, admin.cookie);
    };
    expect((await post({ intent: "move", imageId: String(second?.id), direction: "up" })).response.status).toBe(303);
    const order = (await ids()).map((i) => i.alt);
    expect(order.indexOf("Second photo")).toBeLessThan(order.indexOf("First photo"));
    expect(
      (await post({ intent: "alt", imageId: String(second?.id), alt: "A better description" })).response.status,
    ).toBe(303);
    expect((await ids()).some((i) => i.alt === "A better description")).toBe(true);
    const blank = await post({ intent: "alt", imageId: String(second?.id), alt: "" });
    expect(blank.response.status).toBe(400);
    expect((await post({ intent: "remove", imageId: String(second?.id) })).response.status).toBe(303);
    expect((await ids()).some((i) => i.id === second?.id)).toBe(false);
    const actions = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE entity = 'product' AND entity_id = ? AND action LIKE 'image%'",
    )
      .bind(productId)
      .all<{ action: string }>();
    expect(actions.results.map((r) => r.action)).toEqual(
      expect.arrayContaining(["image added", "image order", "image alt text", "image removed"]),
    );
  });
});
