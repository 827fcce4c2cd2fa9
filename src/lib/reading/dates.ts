/** A calendar date found in a line. */
export interface FoundDate {
  /** yyyy-mm-dd. */
  iso: string
  text: string
  index: number
}

const MONTHS: Record<string, number> = {}
const monthNames: [number, string[]][] = [
  [1, ['january', 'jan', 'januar', 'janvier', 'janv', 'jänner']],
  [2, ['february', 'feb', 'februar', 'fevrier', 'févr', 'fev']],
  [3, ['march', 'mar', 'märz', 'marz', 'maerz', 'mars', 'mrz']],
  [4, ['april', 'apr', 'avril', 'avr']],
  [5, ['may', 'mai']],
  [6, ['june', 'jun', 'juni', 'juin']],
  [7, ['july', 'jul', 'juli', 'juillet', 'juil']],
  [8, ['august', 'aug', 'aout', 'août']],
  [9, ['september', 'sep', 'sept', 'septembre']],
  [10, ['october', 'oct', 'oktober', 'okt', 'octobre']],
  [11, ['november', 'nov', 'novembre']],
  [12, ['december', 'dec', 'dezember', 'dez', 'decembre', 'décembre']],
]
for (const [month, names] of monthNames) for (const name of names) MONTHS[name] = month
const MONTH = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|')

// 18.05.2020, 18.05.20, 18/05/2020, 18-05-2020 (OCR may put a space after a separator: "04.04. 2020"). A
// "year" followed by a colon is the hour of a time whose date lost its year ("02.03. 15:59" is not 2015).
const NUMERIC = /(?<![\d.,/])(\d{1,2})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d,:]|\.\d)/g
const ISO = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g
const DAY_MONTH = new RegExp(`(?<!\\d)(\\d{1,2})\\.?\\s*(${MONTH})\\.?,?\\s+(\\d{4})(?!\\d)`, 'giu')
const MONTH_DAY = new RegExp(`(?<![\\p{L}])(${MONTH})\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})(?!\\d)`, 'giu')

function iso(year: number, month: number, day: number): string | null {
  if (year < 100) year += year < 70 ? 2000 : 1900
  if (month < 1 || month > 12 || day < 1) return null
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/**
 * Every valid calendar date in a line: 18.05.2020, 18.05.20, 18/05/2020, 2020-05-18, 18 May 2020,
 * 18. Mai 2020, 18 mai 2020, May 18, 2020. Numeric dates are read day first (as in Europe) unless the
 * second number cannot be a month (05/18/2020 is 18 May).
 */
export function findDates(line: string): FoundDate[] {
  const found: FoundDate[] = []
  const push = (value: string | null, text: string, index: number) => {
    if (value) found.push({ iso: value, text: text.trim(), index })
  }
  for (const m of line.matchAll(NUMERIC)) {
    const [a, b, year] = [Number(m[1]), Number(m[3]), Number(m[4])]
    const dayFirst = b <= 12
    push(dayFirst ? iso(year, b, a) : iso(year, a, b), m[0], m.index)
  }
  for (const m of line.matchAll(ISO)) push(iso(Number(m[1]), Number(m[2]), Number(m[3])), m[0], m.index)
  for (const m of line.matchAll(DAY_MONTH)) push(iso(Number(m[3]), MONTHS[m[2]!.toLowerCase()] ?? 0, Number(m[1])), m[0], m.index)
  for (const m of line.matchAll(MONTH_DAY)) push(iso(Number(m[3]), MONTHS[m[1]!.toLowerCase()] ?? 0, Number(m[2])), m[0], m.index)
  return found.sort((x, y) => x.index - y.index)
}

/** The line with its dates replaced by spaces, so "12.05.20" is not read as the amount 12,05. */
export function blankDates(line: string): string {
  let out = line
  for (const date of findDates(line))
    out = out.slice(0, date.index) + ' '.repeat(date.text.length) + out.slice(date.index + date.text.length)
  return out
}
