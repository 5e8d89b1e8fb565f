import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { runBackup } from "../../app/modules/backup/backup-jobs.server";
import { get, noticeOf, postForm, signedInAs, testContext } from "./helpers";

const checks = async () => (await env.DB.prepare("SELECT count(*) AS n FROM backup_checks").first<number>("n")) ?? 0;

describe("the System page (issue 15)", () => {
  it("is for admins only, to see and to post", async () => {
    const staff = await signedInAs("staff");
    const page = await get("/admin/system", { headers: { Cookie: staff.cookie }, redirect: "manual" });
    expect(page.response.status).toBe(403);
    const before = await checks();
    expect((await postForm("/admin/system", { intent: "check-backup" }, staff.cookie)).response.status).toBe(403);
    const customer = await signedInAs("customer");
    expect((await postForm("/admin/system", { intent: "check-backup" }, customer.cookie)).response.status).toBe(403);
    expect(await checks()).toBe(before);
  });

  it("shows the last backup and the alerts, checks the newest backup on request, at most every 5 minutes", async () => {
    const admin = await signedInAs("admin");
    // Two hours on: the newest backup in the bucket whatever other tests wrote.
    const backup = await runBackup(testContext(), new Date(Date.now() + 2 * 3600_000));
    if (backup.outcome !== "done") throw new Error("backup skipped");

    const { html } = await get("/admin/system", { headers: { Cookie: admin.cookie } });
    expect(html).toContain("Last backup");
    expect(html).toContain(backup.key);
    expect(html).toContain(`${backup.rows} rows`);
    expect(html).toContain("Backups are out of date");
    expect(html).toContain("Emails could not be sent");
    // The scheduled jobs, with the nightly backup's heartbeat once it has run through the cron.
    expect(html).toContain("Scheduled jobs");
    expect(html).toContain("Nightly backup");
    expect(html).toMatch(/Waiting: \d+ failed emails? \(see Outbox\), \d+ held back/);

    const checked = await postForm("/admin/system", { intent: "check-backup" }, admin.cookie);
    expect(checked.response.status).toBe(303);
    expect(await noticeOf(checked.response)).toBe(
      "The newest backup checked out: every chunk is there and matches its checksum.",
    );
    const row = await env.DB.prepare("SELECT backup_key, ok FROM backup_checks ORDER BY id DESC LIMIT 1").first();
    expect(row).toEqual({ backup_key: backup.key, ok: 1 });

    const count = await checks();
    const again = await postForm("/admin/system", { intent: "check-backup" }, admin.cookie);
    expect(again.response.status).toBe(429);
    expect(again.html).toContain("The newest backup was checked less than 5 minutes ago");
    expect(await checks()).toBe(count);

    const nonsense = await postForm("/admin/system", { intent: "drop-tables" }, admin.cookie);
    expect(nonsense.response.status).toBe(400);
    expect(await checks()).toBe(count);
  });
});
