import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SHOP_COOKIES } from "../../app/modules/pages/cookie-list";

const APP = join(import.meta.dirname, "../../app");
const LIST = join("modules", "pages", "cookie-list.ts");

/** Every "bob_…" name in the app's source (cookies are all named so), but the list itself. */
function cookieNamesInCode(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(APP, { recursive: true, encoding: "utf8" })) {
    if (!/\.tsx?$/.test(file) || file === LIST) continue;
    for (const [, name] of readFileSync(join(APP, file), "utf8").matchAll(/["'`](bob_[a-z0-9_]+)/g)) {
      // Analytics Engine dataset names share the prefix; they are not cookies.
      if (name && !name.startsWith("bob_metrics")) names.add(name);
    }
  }
  return names;
}

describe("the cookies statement", () => {
  it("lists every cookie the code sets, and none it no longer does", () => {
    const listed = SHOP_COOKIES.map((cookie) => cookie.name).sort();
    expect(listed).toEqual([...cookieNamesInCode()].sort());
  });
});
