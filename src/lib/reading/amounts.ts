/** An amount of money found in a line of text. */
export interface FoundAmount {
  value: number
  /** The characters it was read from. */
  text: string
  index: number
}

// Digits with optional thousands groups (". , ' or space") and exactly two decimals after a comma or point
// (or a semicolon, which OCR reads for a comma: "€1;95"); a sign before or after. Receipts print two
// decimals, and requiring them keeps quantities and codes out.
const AMOUNT = /(?<![\d.,])(-\s?)?(\d{1,3}(?:[.,' ]\d{3})+|\d+)\s?([.,;])\s?(\d{2})(?![\d])(-)?/g

/**
 * Parses one amount as printed: "1.125,00", "1,125.00", "1 125,00", "7,16", "-2,84", "2,84-". The last
 * comma or point before two digits is the decimal mark. Returns null for anything else.
 */
export function parseAmount(text: string): number | null {
  const found = findAmounts(text.trim())
  return found.length === 1 && found[0]!.text.length === text.trim().length ? found[0]!.value : null
}

/** Every amount in a line, left to right; dates should be blanked out first (see `dates.ts`). */
export function findAmounts(line: string): FoundAmount[] {
  const found: FoundAmount[] = []
  for (const match of line.matchAll(AMOUNT)) {
    const [text, sign, whole, mark, cents, trailingSign] = match
    const groups = whole!.split(/[.,' ]/)
    // "1,125.00" is fine, "1.125.00" is not: a thousands separator must differ from the decimal mark.
    if (groups.length > 1 && whole!.includes(mark!)) continue
    const value = Number(`${groups.join('')}.${cents}`)
    found.push({ value: sign || trailingSign ? -value : value, text: text.trim(), index: match.index })
  }
  return found
}

/** Rounds to cents, so sums of floats compare equal. */
export function cents(value: number): number {
  return Math.round(value * 100)
}
