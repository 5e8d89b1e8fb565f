import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { incompatibleChanges } from "../../scripts/lib/migration-compat";

const base = {
  name: "0001_base.sql",
  sql: "CREATE TABLE loaves (id INTEGER PRIMARY KEY, name TEXT NOT NULL, stock INTEGER)",
};
const check = (sql: string) => incompatibleChanges([base, { name: "0002_next.sql", sql }]);

describe("migrations work with the release before them (decision 021)", () => {
  it("allows expanding: new tables, columns with defaults or nullable, indexes", () => {
    expect(
      check(`CREATE TABLE crumbs (id INTEGER PRIMARY KEY);
             ALTER TABLE loaves ADD COLUMN weight INTEGER NOT NULL DEFAULT 800;
             ALTER TABLE loaves ADD COLUMN note TEXT;
             CREATE INDEX loaves_name_idx ON loaves (name);`),
    ).toEqual([]);
  });

  it("flags a dropped or renamed column or table", () => {
    expect(check("ALTER TABLE loaves DROP COLUMN stock")).toEqual([
      {
        migration: "0002_next.sql",
        subject: "loaves.stock",
        problem: expect.stringMatching(/drops or renames a column/),
      },
    ]);
    // A rename is both: the old name disappears, and the new one is NOT NULL without a default.
    expect(check("ALTER TABLE loaves RENAME COLUMN name TO title").map((f) => f.subject)).toEqual([
      "loaves.name",
      "loaves.title",
    ]);
    expect(check("DROP TABLE loaves").map((f) => f.subject)).toEqual(["loaves"]);
  });

  it("flags a NOT NULL column without a default added by a table rebuild", () => {
    const rebuild = `CREATE TABLE __new_loaves (id INTEGER PRIMARY KEY, name TEXT NOT NULL, stock INTEGER, baker TEXT NOT NULL);
      INSERT INTO __new_loaves SELECT id, name, stock, 'Ada' FROM loaves;
      DROP TABLE loaves; ALTER TABLE __new_loaves RENAME TO loaves;`;
    expect(check(rebuild).map((f) => f.subject)).toEqual(["loaves.baker"]);
    // A rebuild that keeps every column is no change at all.
    expect(check(rebuild.replace(" baker TEXT NOT NULL", " baker TEXT"))).toEqual([]);
  });

  it("accepts a contract step that names what it removes and the release that stopped using it", () => {
    expect(check("-- contract: loaves.stock unused since 2026-12-01\nALTER TABLE loaves DROP COLUMN stock")).toEqual(
      [],
    );
    // The marker must name the column it is about, and the release.
    expect(
      check("-- contract: loaves.name unused since 2026-12-01\nALTER TABLE loaves DROP COLUMN stock"),
    ).toHaveLength(1);
    expect(check("-- contract: loaves.stock\nALTER TABLE loaves DROP COLUMN stock")).toHaveLength(1);
  });

  it("holds for every migration in database/migrations", () => {
    const dir = new URL("../../database/migrations/", import.meta.url);
    const files = readdirSync(dir)
      .filter((name) => name.endsWith(".sql"))
      .sort()
      .map((name) => ({ name, sql: readFileSync(new URL(name, dir), "utf8") }));
    expect(files.length).toBeGreaterThan(20);
    expect(incompatibleChanges(files)).toEqual([]);
  });
});
