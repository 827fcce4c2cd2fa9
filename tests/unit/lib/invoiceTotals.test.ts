import { describe, expect, it } from 'vitest'
import { invoiceTotals, lineAmount, roundMoney } from '@/lib/invoiceTotals'

describe('invoice totals', () => {
  it('computes line amounts in cents, by Frappe’s default method (an exact half goes up)', () => {
    expect(lineAmount(3, 0.1)).toBe(0.3)
    expect(lineAmount(1, 1.005)).toBe(1.01)
    expect(lineAmount(2.5, 4)).toBe(10)
    expect(lineAmount(null, 4)).toBeNull()
    expect(roundMoney(-1.005, 'Commercial Rounding')).toBe(-1.01)
  })

  it('sums items, quantity and grand total, skipping lines that are not numbers yet', () => {
    expect(
      invoiceTotals([
        { qty: 2, rate: 0.1 },
        { qty: 1, rate: 0.2 },
        { qty: null, rate: 3 },
        { qty: 1.5, rate: null },
      ]),
    ).toEqual({
      items: 4,
      quantity: 4.5,
      grandTotal: 0.4,
    })
    expect(invoiceTotals([])).toEqual({ items: 0, quantity: 0, grandTotal: 0 })
  })
})
