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

/** Rounds to cents the way the backend does (half away from zero), avoiding 1.005 → 1.00 float surprises. */
export function roundMoney(value: number): number {
  const sign = value < 0 ? -1 : 1
  return (sign * Math.round(Math.abs(value) * 100 + 1e-9)) / 100
}

/** qty × rate in cents, or null while either is not a number. */
export function lineAmount(qty: number | null, rate: number | null): number | null {
  if (qty === null || rate === null || !Number.isFinite(qty) || !Number.isFinite(rate)) return null
  return roundMoney(qty * rate)
}

/** Items, total quantity and grand total (sum of rounded line amounts) for the totals bar. */
export function invoiceTotals(lines: readonly TotalsLine[]): InvoiceTotals {
  let quantity = 0
  let grandTotal = 0
  for (const line of lines) {
    if (line.qty !== null && Number.isFinite(line.qty)) quantity += line.qty
    grandTotal += lineAmount(line.qty, line.rate) ?? 0
  }
  // Summing floats drifts (0.1 + 0.2); the totals are shown and compared in cents and thousandths.
  return { items: lines.length, quantity: Math.round(quantity * 1000) / 1000, grandTotal: roundMoney(grandTotal) }
}
