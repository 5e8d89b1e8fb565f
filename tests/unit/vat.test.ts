import { describe, expect, it } from "vitest";
import { apportion, creditNoteBreakdown, formatVatRate, vatBreakdown, vatInGross } from "../../app/modules/vat/vat";

const line = (
  unitPricePence: number,
  quantity: number,
  vatCategory: "zero" | "reduced" | "standard",
  vatRateBps: number,
) => ({
  name: "x",
  unitPricePence,
  quantity,
  vatCategory,
  vatRateBps,
});

describe("vatInGross: the VAT fraction of a VAT-inclusive amount, to the nearest penny", () => {
  it("takes a sixth at 20% and a twenty-first at 5%", () => {
    expect(vatInGross(1200, 2000)).toBe(200);
    expect(vatInGross(2100, 500)).toBe(100);
    expect(vatInGross(999, 0)).toBe(0);
  });

  it("rounds to the nearest penny, not down (Notice 700 para 17.6: retailers may not round down)", () => {
    // 250 / 6 = 41.67p → 42p (rounding down would give 41p).
    expect(vatInGross(250, 2000)).toBe(42);
    // 254 / 6 = 42.33p → 42p.
    expect(vatInGross(254, 2000)).toBe(42);
    // 105 × 5/105 = 5p exactly; 110 × 5/105 = 5.238p → 5p; 115 × 5/105 = 5.476p → 5p; 116 → 5.52p → 6p.
    expect(vatInGross(105, 500)).toBe(5);
    expect(vatInGross(116, 500)).toBe(6);
  });

  it("rounds an exact half penny up", () => {
    // 3p at 20%: 0.5p exactly → 1p.
    expect(vatInGross(3, 2000)).toBe(1);
    // 63p at 5%: 3.0p; 21p at 5%: 1.0p; 31.5p is impossible, so check 2000 bps: 9p → 1.5p → 2p.
    expect(vatInGross(9, 2000)).toBe(2);
  });

  it("is symmetric for negative amounts", () => {
    expect(vatInGross(-250, 2000)).toBe(-42);
  });
});

describe("apportion", () => {
  it("splits exactly, largest remainders taking the spare pence", () => {
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(apportion(350, [1000, 500])).toEqual([233, 117]);
    expect(apportion(7, [0, 0])).toEqual([7, 0]);
    for (const total of [1, 99, 350, 1234]) {
      expect(apportion(total, [317, 1, 4520]).reduce((a, b) => a + b, 0)).toBe(total);
    }
  });
});

describe("vatBreakdown", () => {
  it("works VAT out per line and adds the rounded lines, not the rounded total", () => {
    // Three lines of 250p at 20%: 41.67p each → 42p × 3 = 126p. On the total (750p) it would be 125p.
    const breakdown = vatBreakdown({
      lines: [line(250, 1, "standard", 2000), line(250, 1, "standard", 2000), line(250, 1, "standard", 2000)],
      deliveryFeePence: 0,
    });
    expect(breakdown.lines.map((l) => l.vatPence)).toEqual([42, 42, 42]);
    expect(breakdown.rates).toEqual([
      { vatCategory: "standard", vatRateBps: 2000, grossPence: 750, vatPence: 126, netPence: 624 },
    ]);
    expect(breakdown.vatPence).toBe(126);
  });

  it("a line is unit price × quantity, rounded once", () => {
    const breakdown = vatBreakdown({ lines: [line(250, 3, "standard", 2000)], deliveryFeePence: 0 });
    expect(breakdown.lines[0]?.vatPence).toBe(125);
  });

  it("lists rates standard first and keeps zero-rated goods VAT-free", () => {
    const breakdown = vatBreakdown({
      lines: [line(450, 2, "zero", 0), line(180, 1, "standard", 2000), line(315, 1, "reduced", 500)],
      deliveryFeePence: 0,
    });
    expect(breakdown.rates.map((r) => [r.vatCategory, r.grossPence, r.vatPence])).toEqual([
      ["standard", 180, 30],
      ["reduced", 315, 15],
      ["zero", 900, 0],
    ]);
    expect(breakdown.grossPence).toBe(1395);
    expect(breakdown.netPence + breakdown.vatPence).toBe(1395);
  });

  it("splits a delivery charge across the rates by the value of the goods (Notice 700/24)", () => {
    // £30 of bread (zero) and £10 of chocolate biscuits (standard); £4 delivery → £3 zero, £1 standard.
    const breakdown = vatBreakdown({
      lines: [line(1000, 3, "zero", 0), line(1000, 1, "standard", 2000)],
      deliveryFeePence: 400,
    });
    expect(breakdown.delivery).toEqual([
      { vatCategory: "standard", vatRateBps: 2000, grossPence: 100, vatPence: 17, netPence: 83 },
      { vatCategory: "zero", vatRateBps: 0, grossPence: 300, vatPence: 0, netPence: 300 },
    ]);
    expect(breakdown.rates.map((r) => [r.grossPence, r.vatPence])).toEqual([
      [1100, 167 + 17],
      [3300, 0],
    ]);
    expect(breakdown.grossPence).toBe(4400);
  });

  it("an all-zero-rated delivered order has no VAT at all", () => {
    const breakdown = vatBreakdown({ lines: [line(500, 2, "zero", 0)], deliveryFeePence: 350 });
    expect(breakdown.vatPence).toBe(0);
    expect(breakdown.grossPence).toBe(1350);
  });

  it("takes a discount off each rate in proportion, with its VAT", () => {
    const breakdown = vatBreakdown({
      lines: [line(1200, 1, "standard", 2000), line(1200, 1, "zero", 0)],
      deliveryFeePence: 0,
      discountPence: 600,
    });
    expect(breakdown.discount.map((d) => [d.grossPence, d.vatPence])).toEqual([
      [300, 50],
      [300, 0],
    ]);
    expect(breakdown.rates.map((r) => [r.grossPence, r.vatPence])).toEqual([
      [900, 150],
      [900, 0],
    ]);
    expect(breakdown.grossPence).toBe(1800);
  });
});

describe("creditNoteBreakdown", () => {
  it("splits a part refund across the receipt's rates by what was paid at each", () => {
    const receipt = vatBreakdown({
      lines: [line(1200, 1, "standard", 2000), line(3600, 1, "zero", 0)],
      deliveryFeePence: 0,
    });
    const credit = creditNoteBreakdown(1000, receipt);
    expect(credit.rates.map((r) => [r.vatCategory, r.grossPence, r.vatPence])).toEqual([
      ["standard", 250, 42],
      ["zero", 750, 0],
    ]);
    expect(credit.grossPence).toBe(1000);
    expect(credit.vatPence).toBe(42);
  });

  it("a full refund credits exactly what the receipt charged", () => {
    const receipt = vatBreakdown({ lines: [line(999, 1, "standard", 2000)], deliveryFeePence: 0 });
    expect(creditNoteBreakdown(999, receipt).vatPence).toBe(receipt.vatPence);
  });
});

it("formats rates", () => {
  expect(formatVatRate(2000)).toBe("20%");
  expect(formatVatRate(1750)).toBe("17.5%");
  expect(formatVatRate(0)).toBe("0%");
});
