import { findKeyword, words } from './text'
import type { ReadValue } from './types'

/** Labels of the document's own number (folded, no punctuation): "Rechnungs-Nr." is "rechnungs nr". */
// In order of preference: a card slip's "Beleg-Nr." is the terminal's number, the shop's "Bon" comes first.
export const BILL_NO_KEYWORDS = [
  [
    'rechnungs nr',
    'rechnungsnr',
    'rechnungsnummer',
    'rechnung nr',
    'invoice no',
    'invoice nr',
    'invoice number',
    'invoice',
    'receipt no',
    'receipt number',
    'bill no',
    'facture n',
    'facture no',
    'numero de facture',
    'n de facture',
    'no facture',
  ],
  ['bon nr', 'bonnr', 'bon', 'ticket n', 'ticket no', 'kassenbon nr'],
  ['beleg nr', 'belegnr', 'belegnummer'],
]
// Numbers on the same receipt that are not the document's: card terminal, trace and approval numbers, tax ids.
const OTHER_NUMBERS = [
  'ta nr',
  'trace nr',
  'vu nr',
  'genehmigungs nr',
  'terminal id',
  'ust id',
  'steuernummer',
  'steuer nr',
  'uid nr',
  'reg nr',
  'tel',
  'fax',
  'bnr',
]

// A number: letters allowed, at least one digit, 2–24 characters, no spaces.
const NUMBER = /^[A-Z0-9][A-Z0-9/_.-]{0,22}[A-Z0-9]$/i

function looksLikeNumber(token: string): boolean {
  return NUMBER.test(token) && /\d/.test(token) && !/^\d{1,2}[.:]\d{2}([.:]\d{2,4})?$/.test(token)
}

/**
 * Finds the document's number after a label ("Rechnungs-Nr. 2020-117", "Bon Nr.:3226", "Facture n° F123",
 * "Invoice No: INV-9") or below it in a column header ("Datum Zeit BonNr" over "02.05.2020 16:39 3619").
 * Card slip, terminal and tax numbers are skipped. Confidence 0.8 for an exact label, 0.6 with OCR errors.
 */
export function findBillNo(text: string): ReadValue | null {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  // Each line's words once, not once per label list: folding is most of the work on a long, noisy page.
  const lineWords = lines.map((line) => words(line))
  for (const keywords of BILL_NO_KEYWORDS) {
    const found = findAfterLabel(lines, lineWords, keywords)
    if (found) return found
  }
  return null
}

function findAfterLabel(lines: readonly string[], wordsOfLines: readonly string[][], keywords: readonly string[]): ReadValue | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const lineWords = wordsOfLines[i]!
    const label = findKeyword(lineWords, keywords)
    if (!label) continue
    const other = findKeyword(lineWords, OTHER_NUMBERS)
    if (other && other.start <= label.start) continue
    const confidence = label.distance === 0 ? 0.8 : 0.6
    // The label's words in the raw line: cut after them and read the next token.
    const raw = line.split(/\s+/)
    const rawWords = raw.map((token) => words(token))
    let seen = 0
    let cut = -1
    for (let t = 0; t < raw.length; t++) {
      seen += rawWords[t]!.length
      if (seen >= label.start + label.span) {
        cut = t
        break
      }
    }
    const rest = raw.slice(cut + 1)
    // "Nr.:3226" glues the number to the label.
    const glued = raw[cut]?.match(/[:.#°]\s*([A-Z0-9][A-Z0-9/_.-]*)$/i)?.[1]
    const after = [glued, ...rest.map((token) => token.replace(/^[:.#°n]+|[.,;:]+$/gi, ''))].filter((token): token is string => !!token)
    const value = after.find((token) => token.length > 0)
    if (value && looksLikeNumber(value) && !/^(nr|no)$/i.test(value)) return { value, confidence, source: line }
    // A column header: take the same column from the next line when both have as many columns.
    const columns = raw.filter((token) => /[a-z0-9]/i.test(token))
    const next = lines[i + 1]?.split(/\s+/).filter((token) => /[a-z0-9]/i.test(token))
    const column = columns.findIndex((token) => words(token).includes(lineWords[label.start + label.span - 1]!))
    if (next && next.length === columns.length && column >= 0) {
      const cell = next[column]!
      if (looksLikeNumber(cell)) return { value: cell, confidence: confidence - 0.1, source: `${line}\n${lines[i + 1]}` }
    }
  }
  return null
}
