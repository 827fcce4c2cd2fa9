import { DEFAULT_ROUNDING_METHOD, fromMinorUnits, lineAmountMinorUnits, toMinorUnits, type RoundingMethod } from './money'

/** A line as far as totals care: numbers that may not be valid yet while the clerk types. */
export interface TotalsLine {
  qty: number | null
  rate: number | null
}

export interface InvoiceTotals {
  /** Lines counted, valid or not, so the clerk sees how many rows will be sent. */
  items: number
  quantity: number
  grandTotal: number
}

/** Rounds to cents in decimal by the site's method, as the backend does (1.005 → 1.01, never 1.00). */
export function roundMoney(value: number, method: RoundingMethod = DEFAULT_ROUNDING_METHOD): number {
  return fromMinorUnits(toMinorUnits(value, 2, method))
}

/** qty × rate computed in decimal and rounded once to cents, or null while either is not a number. */
export function lineAmount(qty: number | null, rate: number | null, method: RoundingMethod = DEFAULT_ROUNDING_METHOD): number | null {
  if (qty === null || rate === null || !Number.isFinite(qty) || !Number.isFinite(rate)) return null
  return fromMinorUnits(lineAmountMinorUnits(qty, rate, 2, method))
}

/** Items, total quantity and grand total (sum of the rounded line amounts, in cents) for the totals bar. */
export function invoiceTotals(lines: readonly TotalsLine[], method: RoundingMethod = DEFAULT_ROUNDING_METHOD): InvoiceTotals {
  let quantity = 0
  let cents = 0
  for (const line of lines) {
    if (line.qty !== null && Number.isFinite(line.qty)) quantity += line.qty
    if (line.qty !== null && line.rate !== null && Number.isFinite(line.qty) && Number.isFinite(line.rate)) {
      cents += lineAmountMinorUnits(line.qty, line.rate, 2, method)
    }
  }
  // Summing float quantities drifts (0.1 + 0.2); quantities are shown to thousandths.
  return { items: lines.length, quantity: Math.round(quantity * 1000) / 1000, grandTotal: fromMinorUnits(cents) }
}
