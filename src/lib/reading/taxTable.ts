import { cents, findAmounts } from './amounts'

/** One row of a VAT table that checks out: net + tax = gross, and the tax fits the rate. */
export interface TaxRow {
  rate: number
  gross: number
  source: string
}

/** The VAT table's gross amounts added up: evidence for the total that OCR errors rarely fake. */
export interface TaxTableSum {
  gross: number
  rows: TaxRow[]
  source: string
}

// A rate as printed in a VAT table: "7%", "19,00 %", "7,0%", "20.0%".
const RATE = /(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%/
// OCR reads a decimal comma as ":" or ";" now and then ("21:29"); inside a row of amounts that is safe to mend.
const MISREAD_MARK = /(?<=\d)[:;](?=\d{2}(?!\d))/g

/**
 * A VAT table row ("B 7% 27,45 1,92 29,37", "V 19,0% 1,44 7,55 8,99" with the columns in either order): a
 * rate and three amounts after it whose largest is the sum of the other two, and whose smallest is the
 * rate's share of it (± 2 cents and half a percent, for rounding per line); or, where the other two do not
 * add up, one of them is exactly the rate's share of the largest, rounded to the cent (the net misread).
 * Returns null for a line without a rate or with one amount, and `false` for a line with a rate and two or
 * more amounts that is no such row (a misread digit, a lost column).
 */
export function parseTaxRow(line: string): TaxRow | null | false {
  const rate = RATE.exec(line)
  if (!rate) return null
  const after = line.slice(rate.index + rate[0].length).replace(MISREAD_MARK, ',')
  const amounts = findAmounts(after).map((a) => a.value)
  // A rate with one amount is an item ("Rum 40% Vol. 5,69") or an "incl. 19% MwSt 1,20" line; with two it
  // is likely a row whose third column the OCR lost, and the sum would be short without it.
  if (amounts.length < 3) return amounts.length === 2 ? false : null
  const [a, b, gross] = amounts.slice(-3) as [number, number, number]
  const percent = Number(rate[1]!.replace(',', '.'))
  if (gross !== Math.max(a, b, gross)) return false
  const expectedTax = (gross * percent) / (100 + percent)
  if (cents(a) + cents(b) === cents(gross)) {
    if (Math.abs(Math.min(a, b) - expectedTax) > 0.02 + gross * 0.005) return false
  } else if (cents(a) !== Math.round(expectedTax * 100) && cents(b) !== Math.round(expectedTax * 100)) {
    // Net and tax do not add up to the gross: the row still stands when the tax is exactly the rate's share
    // of the gross, rounded to the cent, so only the net was misread ("C 7,00% 17.09 1:21 18,54" for 17,33).
    // A misread gross seldom keeps that (5,74 1,09 6,88 for 6,83 does not: 19 % of 6,88 is 1,10).
    return false
  }
  return { rate: percent, gross, source: line }
}

/**
 * The sum of the gross column of the page's VAT table, when every row that looks like a VAT row adds up
 * (one misread row and the table says nothing). A rate printed twice (the table repeated on a card slip)
 * counts once if both rows agree; if they disagree the table says nothing. Null when there is no such table.
 */
export function sumTaxTable(lines: readonly string[]): TaxTableSum | null {
  const byRate = new Map<number, TaxRow>()
  for (const line of lines) {
    const row = parseTaxRow(line)
    if (row === false) return null
    if (!row) continue
    const seen = byRate.get(row.rate)
    if (seen && cents(seen.gross) !== cents(row.gross)) return null
    byRate.set(row.rate, row)
  }
  const rows = [...byRate.values()]
  if (!rows.length) return null
  const gross = rows.reduce((sum, row) => sum + cents(row.gross), 0) / 100
  return { gross, rows, source: rows.map((row) => row.source).join('\n') }
}
