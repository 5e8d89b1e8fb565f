import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as imageForms from "../../app/modules/admin/image-forms";
import * as orderForms from "../../app/modules/admin/order-forms";
import * as productForms from "../../app/modules/admin/product-forms";
import * as authForms from "../../app/modules/auth/auth-forms";
import { BasketFormSchema } from "../../app/modules/cart/basket-form";
import { CheckoutFields } from "../../app/modules/checkout/checkout-form";
import * as calendarForms from "../../app/modules/production/calendar-forms";
import {
  GroupCreateSchema,
  GroupDeleteSchema,
  GroupMembersSchema,
  PlanDaysSchema,
  PlanWeekSchema,
} from "../../app/modules/production/plan-forms";

// Every schema a form is read with. A new form module belongs in this list. (OrderFilters reads a
// query string and drops what it does not understand rather than answering with errors.)
const { OrderFilters: _queryString, ...orderFormSchemas } = orderForms;
const FORM_SCHEMAS: Record<string, unknown> = {
  ...authForms,
  ...productForms,
  ...orderFormSchemas,
  ...imageForms,
  BasketFormSchema,
  CheckoutFields,
  PlanDaysSchema,
  PlanWeekSchema,
  GroupCreateSchema,
  GroupMembersSchema,
  GroupDeleteSchema,
  ...calendarForms,
};

type AnyObject = z.ZodObject<Record<string, z.ZodType>>;

/** The object schemas inside a schema: itself, or each option of a discriminated union. */
function objectsIn(schema: unknown): AnyObject[] {
  const def = (schema as { def?: { type?: string; options?: unknown[] } }).def;
  if (def?.type === "object") return [schema as AnyObject];
  if (def?.type === "union") return (def.options ?? []).flatMap(objectsIn);
  return [];
}

const issuesAt = (schema: AnyObject, key: string, value: string) => {
  const result = schema.safeParse({ [key]: value });
  return result.success ? [] : result.error.issues.filter((issue) => issue.path[0] === key);
};

describe("every text field of every form refuses control characters", () => {
  const fields = Object.entries(FORM_SCHEMAS).flatMap(([name, schema]) =>
    objectsIn(schema).flatMap((object) =>
      Object.keys(object.shape).map((key) => ({ field: `${name}.${key}`, object, key })),
    ),
  );

  it("finds the forms' fields", () => {
    expect(fields.length).toBeGreaterThan(40);
  });

  // redirectTo is never stored or shown: safeRedirect turns anything odd into a way home, rather
  // than an error about a field the person never saw.
  it.each(fields.filter((f) => f.key !== "redirectTo"))("$field", ({ object, key }) => {
    // A field that takes plain text ("ab") must refuse the same text with a NUL, an escape or a tab in it.
    if (issuesAt(object, key, "ab").length > 0) return;
    for (const hostile of ["a\u0000b", "a\u001bb", "a\tb", "a\u007fb"]) {
      expect(issuesAt(object, key, hostile).length, JSON.stringify(hostile)).toBeGreaterThan(0);
    }
  });

  it("allows line breaks only in multi-line fields", () => {
    const details = authForms.AccountDetailsSchema;
    expect(issuesAt(details, "address", "1 Mill Lane\r\nBristol")).toEqual([]);
    expect(issuesAt(details, "name", "Pat\r\nBaker").length).toBeGreaterThan(0);
    expect(imageForms.Alt.safeParse("A loaf\non a board").success).toBe(false);
  });
});
