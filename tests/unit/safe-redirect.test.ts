import { describe, expect, it } from "vitest";
import { safeRedirect } from "../../app/lib/safe-redirect";

describe("safeRedirect", () => {
  it.each([
    ["/basket", "/basket"],
    ["/account/orders/BB-1?tab=items#top", "/account/orders/BB-1?tab=items#top"],
    ["/shop?q=rye%20bread", "/shop?q=rye%20bread"],
    ["/a/../checkout", "/checkout"],
    // Percent-encoded characters stay encoded: a browser treats them as part of our own path.
    ["/%09/evil.example", "/%09/evil.example"],
  ])("keeps the same-origin path %j", (value, expected) => {
    expect(safeRedirect(value)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    "/\u0000/evil.example",
    "/\u007f/evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "evil.example",
    "/.//evil.example",
    "",
    "/".padEnd(2001, "a"),
  ])("refuses the hostile value %j", (value) => {
    expect(safeRedirect(value, "/fallback")).toBe("/fallback");
  });

  it("refuses anything that is not a string", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect(new File([], "x"), "/account")).toBe("/account");
  });
});
