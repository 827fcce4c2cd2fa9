import { findBillNo } from './billNo'
import { findDates } from './dates'
import { chooseTotal } from './total'
import { findKeyword, words } from './text'
import type { ReadFields, ReadValue } from './types'

const DATE_KEYWORDS = ['datum', 'date', 'rechnungsdatum', 'belegdatum', 'invoice date', 'date de facture', 'le']

/**
 * The bill date: the date the page names most often (a receipt prints it on the sale and the card slip),
 * preferring one after a "Datum"/"Date" label or before a time. Dates after `today` or before 2000 are ignored.
 * Confidence 0.9 when the page has one date, 0.8 when the labelled or most frequent one wins, 0.4 on a tie.
 */
export function chooseBillDate(text: string, today: string): ReadValue | null {
  const counts = new Map<string, { count: number; labelled: boolean; source: string }>()
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    for (const date of findDates(line)) {
      if (date.iso > today || date.iso < '2000-01-01') continue
      const entry = counts.get(date.iso) ?? { count: 0, labelled: false, source: line }
      entry.count += 1
      // A label before it, or a time after it (the sale's time stamp), sets it apart from dates in the small print.
      const timeAfter = /^\s*\d{1,2}:\d{2}/.test(line.slice(date.index + date.text.length))
      if (timeAfter || findKeyword(words(line.slice(0, date.index)), DATE_KEYWORDS)) entry.labelled = true
      counts.set(date.iso, entry)
    }
  }
  const ranked = [...counts.entries()].sort((a, b) => Number(b[1].labelled) - Number(a[1].labelled) || b[1].count - a[1].count)
  const [best, second] = ranked
  if (!best) return null
  let confidence = 0.9
  if (second) {
    const labelWins = best[1].labelled && !second[1].labelled
    confidence = labelWins || best[1].count > second[1].count ? 0.8 : 0.4
  }
  return { value: best[0], confidence, source: best[1].source }
}

/** Everything the reader looks for in a page's text. `today` is yyyy-mm-dd, to ignore dates in the future. */
export function readFields(text: string, today: string): ReadFields {
  return { bill_date: chooseBillDate(text, today), document_total: chooseTotal(text), bill_no: findBillNo(text) }
}
