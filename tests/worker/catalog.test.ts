import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("shop listing", () => {
  it("renders the home page", async () => {
    const res = await SELF.fetch("https://shop.test/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Country Sourdough");
  });
});
