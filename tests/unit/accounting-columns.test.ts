import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { ACCOUNTING_COLUMNS } from "../../app/modules/accounting/accounting-columns";

it("the README documents every column of the accounting export, in order, as the code declares it", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const rows = [...readme.matchAll(/^\| ([^|]+?) +\| ([^|]+?) +\|$/gm)].map((match) => [match[1], match[2]]);
  const documented = rows.filter(([header]) => ACCOUNTING_COLUMNS.some((column) => column.header === header));
  expect(documented).toEqual(ACCOUNTING_COLUMNS.map((column) => [column.header, column.about]));
});
