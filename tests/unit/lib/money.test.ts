import Decimal from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { invoiceTotals, lineAmount, roundMoney } from '@/lib/invoiceTotals'
import { ROUNDING_METHODS, lineAmountMinorUnits, toMinorUnits, type RoundingMethod } from '@/lib/money'

// decimal.js as the reference: exact at this precision, with a rounding mode for each of Frappe's methods.
const Exact = Decimal.clone({ precision: 100 })
const MODE: Record<RoundingMethod, Decimal.Rounding> = {
  "Banker's Rounding (legacy)": Decimal.ROUND_HALF_CEIL,
  "Banker's Rounding": Decimal.ROUND_HALF_EVEN,
  'Commercial Rounding': Decimal.ROUND_HALF_UP,
}
const reference = (qty: number, rate: number, method: RoundingMethod) =>
  new Exact(String(qty)).times(String(rate)).toDecimalPlaces(2, MODE[method]).times(100).toNumber()

// Quantities to thousandths up to 1,000,000 and rates to ten-thousandths up to 10,000,000: the server's limits.
const qty = fc.integer({ min: 1, max: 1_000_000_000 }).map((n) => n / 1000)
const rate = fc.integer({ min: 0, max: 100_000_000_000 }).map((n) => n / 10_000)
// Half-cent products are where float rounding goes wrong; draw them on purpose as well.
const tieRate = fc.integer({ min: 0, max: 1_000_000 }).map((n) => (n * 10 + 5) / 1000)

describe('money in decimal', () => {
  it('rounds 1.015 × 1 to 1.02, where binary floating point gives 1.01', () => {
    expect(Math.round(1.015 * 1 * 100) / 100).toBe(1.01)
    expect(lineAmount(1.015, 1)).toBe(1.02)
    expect(lineAmount(1, 1.005)).toBe(1.01)
    expect(lineAmount(3, 0.1)).toBe(0.3)
  })

  it('follows each of Frappe’s methods on an exact half', () => {
    expect(lineAmount(1, 0.125, "Banker's Rounding (legacy)")).toBe(0.13)
    expect(lineAmount(1, 0.125, "Banker's Rounding")).toBe(0.12)
    expect(lineAmount(1, 0.135, "Banker's Rounding")).toBe(0.14)
    expect(lineAmount(1, 0.125, 'Commercial Rounding')).toBe(0.13)
    expect(roundMoney(-1.005, 'Commercial Rounding')).toBe(-1.01)
    expect(roundMoney(-1.005, "Banker's Rounding (legacy)")).toBe(-1)
    expect(toMinorUnits(2.5, 0, "Banker's Rounding (legacy)")).toBe(2)
    expect(toMinorUnits(1e21, 0)).toBe(1e21)
    expect(toMinorUnits(1e-7)).toBe(0)
  })

  for (const method of ROUNDING_METHODS) {
    it(`agrees with decimal.js for random quantities and rates (${method})`, () => {
      fc.assert(
        fc.property(qty, fc.oneof(rate, tieRate), (q, r) => {
          expect(lineAmountMinorUnits(q, r, 2, method)).toBe(reference(q, r, method))
        }),
        { numRuns: 3000 },
      )
    })
  }

  it('totals the rounded line amounts exactly', () => {
    // Receipt-sized rates, so 40 lines stay within the cents a double holds exactly (the server refuses more).
    const receiptRate = fc.integer({ min: 0, max: 1_000_000_000 }).map((n) => n / 10_000)
    fc.assert(
      fc.property(fc.array(fc.record({ qty, rate: receiptRate }), { maxLength: 40 }), (lines) => {
        const expected = lines.reduce((sum, l) => sum.plus(reference(l.qty, l.rate, "Banker's Rounding (legacy)")), new Exact(0))
        expect(invoiceTotals(lines).grandTotal).toBe(expected.div(100).toNumber())
      }),
      { numRuns: 500 },
    )
  })
})
