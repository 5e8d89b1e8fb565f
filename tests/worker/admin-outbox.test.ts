import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { get, postForm, signedInAs } from "./helpers";

async function failedEmail(recipient: string) {
  const row = await env.DB.prepare(
    `INSERT INTO email_outbox (kind, recipient, subject, html, text, status, attempts, last_error)
     VALUES ('verify-email', ?, 'A failed test email', '<p>hi</p>', 'hi', 'failed', 4, 'Stand-in: simulated provider failure')
     RETURNING id`,
  )
    .bind(recipient)
    .first<{ id: number }>();
  return row?.id ?? 0;
}

const statusOf = (id: number) =>
  env.DB.prepare("SELECT status FROM email_outbox WHERE id = ?").bind(id).first<string>("status");

describe("outbox admin", () => {
  it("is for admins only", async () => {
    const staff = await signedInAs("staff");
    expect(
      (await get("/admin/outbox", { headers: { Cookie: staff.cookie }, redirect: "manual" })).response.status,
    ).toBe(403);
    const id = await failedEmail("someone@example.com");
    expect((await postForm("/admin/outbox", { id }, staff.cookie)).response.status).toBe(403);
    expect(await statusOf(id)).toBe("failed");
  });

  it("lists failed emails with their error and retries one once", async () => {
    const admin = await signedInAs("admin");
    const id = await failedEmail(`retry-${Date.now()}@example.com`);
    const { html } = await get("/admin/outbox?status=failed", { headers: { Cookie: admin.cookie } });
    expect(html).toContain("A failed test email");
    expect(html).toContain("Last error: Stand-in: simulated provider failure");

    const retry = await postForm("/admin/outbox?status=failed", { id }, admin.cookie);
    expect(retry.response.status).toBe(303);
    expect(retry.response.headers.get("Location")).toBe("/admin/outbox?status=failed");
    expect(["queued", "sent"]).toContain(await statusOf(id));

    const again = await postForm("/admin/outbox", { id }, admin.cookie);
    expect(again.response.status).toBe(409);
    expect(again.html).toContain("isn&#x27;t failed any more");
  });
});
