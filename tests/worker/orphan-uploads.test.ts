import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { cleanUpOrphanUploads } from "../../app/modules/jobs/orphan-uploads";

// Object ages come from R2's own upload time (now), so the clock is moved forward instead.
const NOW = new Date(Date.now() + 25 * 3600_000);
const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3600_000).toISOString();
const id = () => crypto.randomUUID().replaceAll("-", "");

async function upload(ageHours: number, options: { row?: boolean; referenced?: boolean } = {}) {
  const uploadId = id();
  const key = `uploads/${uploadId}/original`;
  await env.MEDIA.put(key, "original bytes");
  await env.MEDIA.put(`uploads/${uploadId}/w320.webp`, "variant bytes");
  if (options.row !== false) {
    await env.DB.prepare("INSERT INTO uploads (id, key, uploaded_by, created_at) VALUES (?, ?, 1, ?)")
      .bind(uploadId, key, hoursBefore(ageHours))
      .run();
  }
  if (options.referenced) {
    await env.DB.prepare(
      "INSERT INTO product_images (product_id, r2_key, alt, width, height, position) VALUES (1, ?, 'kept', 10, 10, 99)",
    )
      .bind(key)
      .run();
  }
  return uploadId;
}

const exists = async (uploadId: string) => (await env.MEDIA.head(`uploads/${uploadId}/original`)) !== null;
const rowExists = async (uploadId: string) =>
  (await env.DB.prepare("SELECT 1 FROM uploads WHERE id = ?").bind(uploadId).first()) !== null;
const run = (dryRun = false) =>
  cleanUpOrphanUploads({ d1: env.DB, media: env.MEDIA }, { olderThanHours: 24, now: NOW, dryRun });

describe("orphan upload cleanup", () => {
  it("deletes old unreferenced uploads and their variants, never a referenced or recent one; twice and concurrently is safe", async () => {
    const oldOrphan = await upload(30);
    const oldReferenced = await upload(30, { referenced: true });
    const recent = await upload(1);
    const noRow = await upload(30, { row: false });
    const seedKeys = (await env.MEDIA.list({ prefix: "products/" })).objects.length;

    const dry = await run(true);
    expect(dry.uploads.sort()).toEqual([oldOrphan, noRow].sort());
    expect(dry.objects).toHaveLength(4);
    expect(await exists(oldOrphan)).toBe(true); // a dry run deletes nothing

    const [first, second] = await Promise.all([run(), run()]);
    expect(new Set([...first.uploads, ...second.uploads])).toEqual(new Set([oldOrphan, noRow]));
    expect(await exists(oldOrphan)).toBe(false);
    expect(await env.MEDIA.head(`uploads/${oldOrphan}/w320.webp`)).toBeNull();
    expect(await rowExists(oldOrphan)).toBe(false);
    expect(await exists(noRow)).toBe(false);

    expect(await exists(oldReferenced)).toBe(true);
    expect(await rowExists(oldReferenced)).toBe(true);
    expect(await exists(recent)).toBe(true);
    expect(await rowExists(recent)).toBe(true);
    expect((await env.MEDIA.list({ prefix: "products/" })).objects.length).toBe(seedKeys);

    const again = await run();
    expect(again.uploads).toEqual([]);
  });

  it("a backlog is deleted in bounded runs: at most 200 uploads and four D1 queries a run, the rest next run", async () => {
    const backlog = await Promise.all(Array.from({ length: 230 }, () => upload(48)));
    const kept = await upload(48, { referenced: true });
    // Counts what each run asks of D1 (the binding itself, wrapped).
    let queries = 0;
    const counted = new Proxy(env.DB, {
      get: (target, prop) =>
        prop === "prepare"
          ? (query: string) => {
              queries += 1;
              return target.prepare(query);
            }
          : Reflect.get(target, prop).bind(target),
    });
    const first = await cleanUpOrphanUploads({ d1: counted, media: env.MEDIA }, { olderThanHours: 24, now: NOW });
    expect(first.uploads).toHaveLength(200);
    expect(queries).toBeLessThanOrEqual(4);
    queries = 0;
    const second = await cleanUpOrphanUploads({ d1: counted, media: env.MEDIA }, { olderThanHours: 24, now: NOW });
    expect(new Set([...first.uploads, ...second.uploads])).toEqual(new Set(backlog));
    expect(queries).toBeLessThanOrEqual(4);
    for (const uploadId of backlog.slice(0, 5)) {
      expect(await exists(uploadId)).toBe(false);
      expect(await rowExists(uploadId)).toBe(false);
    }
    expect(await exists(kept)).toBe(true);
    expect(await rowExists(kept)).toBe(true);
  });
});
