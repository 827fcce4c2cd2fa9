import { cents, findAmounts } from './amounts'
import { blankDates } from './dates'
import { sumTaxTable } from './taxTable'
import { findKeyword, words } from './text'
import type { ReadValue } from './types'

/** Words that introduce the amount to pay, in English, German and French (folded: no accents). */
export const TOTAL_KEYWORDS = [
  'zu zahlen',
  'summe',
  'gesamt',
  'gesamtbetrag',
  'gesamtsumme',
  'endsumme',
  'rechnungsbetrag',
  'total',
  'grand total',
  'amount due',
  'total due',
  'balance due',
  'total ttc',
  'montant',
  'montant ttc',
  'net a payer',
  'a payer',
  'totaal',
]
/** Lines that carry an amount but not the one paid: subtotals, tax, discounts, points, net amounts. */
const NOT_TOTAL_KEYWORDS = [
  'zwischensumme',
  'subtotal',
  'sub total',
  'sous total',
  'netto',
  'net',
  'mwst',
  'ust',
  'tax',
  'vat',
  'tva',
  'steuer',
  'rabatt',
  'discount',
  'remise',
  'umsatz',
  'punkte',
  'points',
  'ht',
  'pfand',
  'tip',
  'trinkgeld',
]
/** Payment lines: the amount a card (or the exact cash) paid is the total, seen a second time. */
const PAYMENT_KEYWORDS = [
  'ec karte',
  'eckarte',
  'ec',
  'karte',
  'kreditkarte',
  'mastercard',
  'visa',
  'maestro',
  'girocard',
  'kartenzahlung',
  'lastschrift',
  'betrag',
  'card',
  'carte',
  'carte bancaire',
  'cb',
  'amex',
  'paypal',
  'debit',
]
const CASH_KEYWORDS = ['bar', 'bargeld', 'cash', 'gegeben', 'especes', 'tendered', 'given']
const CHANGE_KEYWORDS = ['ruckgeld', 'rueckgeld', 'zuruck', 'zurueck', 'wechselgeld', 'change', 'rendu', 'monnaie']

/** The independent kinds of evidence for a total; the same kind twice counts once. */
export type TotalEvidence = 'keyword' | 'tax-table' | 'payment' | 'cash-change'

interface Candidate {
  cents: number
  evidence: Set<TotalEvidence>
  /** The best total line's keyword match: 0 errors is an exact keyword; 9 when no total line names it. */
  keywordDistance: number
  source: string
}

/**
 * Chooses the amount paid from the text of a receipt or invoice, with a confidence:
 * - 0.95 when two independent kinds of evidence agree (a total keyword line, a card or exact cash payment,
 *   cash minus change, the gross column of a tax table's totals row or the sum of its rows when each adds
 *   up) and no other amount has as many;
 * - 0.85 for one exact total keyword line that no other total line contradicts;
 * - lower (so the field stays empty) for a keyword read with errors, or evidence that disagrees.
 * Subtotals, tax lines, change and points lines never count as the total; cash given that differs is no
 * contradiction (it is often more than the bill), a card payment that differs is.
 */
export function chooseTotal(text: string): ReadValue<number> | null {
  const candidates = new Map<number, Candidate>()
  const add = (value: number, kind: TotalEvidence, source: string, distance = 9) => {
    if (!(value > 0)) return
    const key = cents(value)
    const candidate = candidates.get(key) ?? { cents: key, evidence: new Set(), keywordDistance: 9, source }
    candidate.evidence.add(kind)
    if (distance < candidate.keywordDistance) {
      candidate.source = source
      candidate.keywordDistance = distance
    }
    candidates.set(key, candidate)
  }

  const cash: number[] = []
  // Amounts a card paid: the total, unless split between payments; one that disagrees casts doubt.
  const card = new Set<number>()
  const change: number[] = []
  const lines = text.split('\n').map((line) => line.trim())
  for (const line of lines) {
    const amounts = findAmounts(blankDates(line))
    if (!amounts.length) continue
    const lineWords = words(line.slice(0, amounts[0]!.index))
    const allWords = words(line)
    const last = amounts.at(-1)!.value
    if (findKeyword(allWords, CHANGE_KEYWORDS)) {
      change.push(Math.abs(last))
      continue
    }
    const total = findKeyword(lineWords, TOTAL_KEYWORDS)
    const notTotal = findKeyword(lineWords, NOT_TOTAL_KEYWORDS)
    if (total && amounts.length >= 3) {
      // The totals row of a tax table (net, tax, gross): the gross, always the largest, is the amount paid.
      add(Math.max(...amounts.map((a) => a.value)), 'tax-table', line, total.distance)
      continue
    }
    // "Net à payer" is a total although it starts with "net"; "Total netto" is not.
    const insideTotal = total && notTotal && notTotal.start >= total.start && notTotal.start < total.start + total.span
    if (total && (!notTotal || insideTotal)) {
      add(last, 'keyword', line, total.distance)
      continue
    }
    if (notTotal) continue
    if (findKeyword(lineWords, CASH_KEYWORDS)) {
      cash.push(last)
      add(last, 'payment', line)
      continue
    }
    if (findKeyword(allWords, PAYMENT_KEYWORDS)) {
      add(last, 'payment', line)
      card.add(cents(last))
    }
  }
  for (const given of cash) for (const back of change) add(given - back, 'cash-change', `${given.toFixed(2)} − ${back.toFixed(2)}`)
  // The VAT rows' gross added up agrees with the total line even where a card line was misread; it is never
  // enough alone (a row the OCR dropped entirely would make it short), hence no keyword distance.
  const table = sumTaxTable(lines)
  if (table) add(table.gross, 'tax-table', table.source)

  const ranked = [...candidates.values()]
    .map((c) => ({
      ...c,
      strength: c.evidence.size * 10 + (c.keywordDistance < 9 ? 5 - c.keywordDistance : 0),
    }))
    .sort((a, b) => b.strength - a.strength)
  const best = ranked[0]
  if (!best) return null
  const hasKeyword = best.keywordDistance < 9
  // Cash given alone is no total: what was handed over is often more than the bill.
  if (!hasKeyword && best.evidence.size < 2) return null
  const rivals = ranked
    .slice(1)
    .filter((c) => c.evidence.has('keyword') || c.evidence.has('tax-table') || c.evidence.has('cash-change') || card.has(c.cents))
  const strongestRival = rivals[0]?.evidence.size ?? 0
  let confidence: number
  if (best.evidence.size >= 2 && strongestRival < best.evidence.size) confidence = 0.95
  else if (best.evidence.size === 1 && strongestRival === 0 && hasKeyword) confidence = best.keywordDistance === 0 ? 0.85 : 0.6
  else confidence = 0.3
  return { value: best.cents / 100, confidence, source: best.source }
}
