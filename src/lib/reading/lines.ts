import { cents, findAmounts } from './amounts'
import { blankDates } from './dates'
import { TOTAL_KEYWORDS } from './total'
import { findKeyword, words } from './text'

/** One item line found on the page, as the clerk would type it: qty × rate gives the printed amount. */
export interface ReadLine {
  /** The item as printed ("Milch 1,5% 1L"); the clerk chooses the Item. */
  description: string
  qty: number
  /** The unit price; for a weighed item the price per kg. */
  rate: number
  /** The amount printed for the line (after a discount printed under it). */
  amount: number
  /** "kg" for a weighed item, else empty (the Item's own unit applies). */
  uom: string
  /** The page lines it was read from, joined by " / ". */
  source: string
}

/** Lines that end the items: the subtotal or the total. */
const END_KEYWORDS = [...TOTAL_KEYWORDS, 'zwischensumme', 'subtotal', 'sub total', 'sous total', 'summe eur']
/** Lines with an amount that are no item: tax, payment, change, points, rounding. */
const NOT_ITEM_KEYWORDS = [
  'mwst',
  'ust',
  'steuer',
  'netto',
  'brutto',
  'vat',
  'tax',
  'tva',
  'ec karte',
  'karte',
  'kartenzahlung',
  'girocard',
  'kreditkarte',
  'mastercard',
  'visa',
  'maestro',
  'bar',
  'bargeld',
  'gegeben',
  'cash',
  'ruckgeld',
  'zuruck',
  'wechselgeld',
  'change',
  'punkte',
  'points',
  'payback',
  'rundung',
  'trinkgeld',
  'tip',
]
/** A time of day makes a line no item: opening hours ("9.00 Uhr - 20.00 Uhr"), not a clock ("Uhr/Thermom"). */
const TIME_OF_DAY = /\d{1,2}[.:]\d{2}\s*uhr/i
/** A reduction printed under the item it applies to. */
const DISCOUNT_KEYWORDS = [
  'rabatt',
  'preisvorteil',
  'nachlass',
  'ermassigung',
  'aktionsrabatt',
  'sofortrabatt',
  'coupon',
  'gutschein',
  'discount',
  'remise',
  'reduction',
]

// "2 x 0,89", "2 Stk x 0,89", "0,456 kg x 2,99 EUR/kg", "3 @ 1.50": a quantity (or weight), times a unit price.
// The unit between may be any short word ("2 Rolle x 4,85", "5 Pack x 18,50").
const QTY =
  /(?<![\d.,])(\d{1,4}(?:[.,]\d{1,3})?)\s*(\p{L}{1,8}\.?)?\s*[xX×*@]\s*(?:eur\s*)?(\d{1,6}[.,]\d{2,3})(?!\d)(\s*(?:eur)?\s*\/\s*kg)?/iu

// A price with one or two digits run on (its VAT code misread), last on the line.
const GLUED_AMOUNT = /(?<![\d.,])(\d{1,4})[.,](\d{2})\d{1,2}\s*\p{Lu}?\s*$/u

type Classified =
  | { kind: 'end' | 'skip' | 'blank' }
  | { kind: 'text'; description: string }
  | { kind: 'amount'; amount: number }
  | { kind: 'qty'; qty: number; rate: number; uom: string; amount: number | null; description: string }
  | { kind: 'item'; description: string; amount: number; qty: number; rate: number }
  | { kind: 'discount'; amount: number }

/** A decimal with a comma or a point: "0,456" → 0.456. */
function decimal(text: string): number {
  return Number(text.replace(',', '.'))
}

/** The letters of a description, without the VAT letter, currency or stray punctuation at its ends. */
function cleanDescription(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/^[^\p{L}\d]+|[^\p{L}\d%)]+$/gu, '')
    .trim()
}

const letters = (text: string) => (text.match(/\p{L}/gu) ?? []).length
const digits = (text: string) => (text.match(/\d/g) ?? []).length

function classify(raw: string): Classified {
  const line = blankDates(raw).trim()
  if (!line) return { kind: 'blank' }
  const amounts = findAmounts(line)
  const lineWords = words(line)
  if (amounts.length && findKeyword(words(line.slice(0, amounts[0]!.index)), END_KEYWORDS)) return { kind: 'end' }
  // "Total €1;95": a total keyword first on a line with figures ends the items even when OCR spoilt the amount.
  const opening = findKeyword(words(line.replace(/\d.*$/, '')), END_KEYWORDS)
  if (opening && opening.start === 0 && /\d/.test(line)) return { kind: 'end' }
  if (TIME_OF_DAY.test(line)) return { kind: 'skip' }
  const qty = QTY.exec(line)
  if (qty) {
    const rate = decimal(qty[3]!)
    const weighed = /kg/i.test(qty[2] ?? '') || Boolean(qty[4])
    const after = findAmounts(line.slice(qty.index + qty[0].length))
    return {
      kind: 'qty',
      qty: decimal(qty[1]!),
      rate,
      uom: weighed ? 'kg' : '',
      amount: after.length ? after.at(-1)!.value : null,
      description: cleanDescription(line.slice(0, qty.index)),
    }
  }
  if (!amounts.length) {
    // "TONIC WATER 1,595 C", "PFAND 0,2540": OCR ran the VAT code into the price at the end of an item line.
    const glued = GLUED_AMOUNT.exec(line)
    if (glued && letters(line.slice(0, glued.index)) >= 3) {
      const amount = decimal(`${glued[1]}.${glued[2]}`)
      return { kind: 'item', description: cleanDescription(line.slice(0, glued.index)), amount, qty: 1, rate: amount }
    }
    return letters(line) >= 3 ? { kind: 'text', description: cleanDescription(line) } : { kind: 'blank' }
  }
  const before = line.slice(0, amounts[0]!.index)
  if (findKeyword(lineWords, DISCOUNT_KEYWORDS)) return { kind: 'discount', amount: -Math.abs(amounts.at(-1)!.value) }
  if (findKeyword(words(before), NOT_ITEM_KEYWORDS) || findKeyword(lineWords, ['ruckgeld', 'zuruck', 'change'])) return { kind: 'skip' }
  const amount = amounts.at(-1)!.value
  if (letters(before) < 2) return { kind: 'amount', amount }
  // "2 Milch 0,89 1,78" or "Milch 0,89 1,78": a unit price before the amount, the count before the name.
  if (amounts.length >= 2) {
    const unit = amounts.at(-2)!.value
    const times = unit > 0 ? amount / unit : 0
    if (Number.isInteger(Math.round(times * 1000) / 1000) && times >= 2 && times <= 999) {
      return { kind: 'item', description: cleanDescription(before.replace(/^\s*\d+\s*[xX]?\s+/, '')), amount, qty: times, rate: unit }
    }
  }
  return { kind: 'item', description: cleanDescription(before), amount, qty: 1, rate: amount }
}

/**
 * qty × rate rounded to cents equals the printed amount (a weight's product is rounded on the receipt too);
 * exactly, because the table shows qty × rate and the lines must add up to what the page says.
 */
function agrees(qty: number, rate: number, amount: number): boolean {
  return Math.round(Math.round(qty * rate * 1e6) / 1e4) === cents(amount)
}

/**
 * Finds the item lines in the text read from a receipt or invoice: each with its description, quantity,
 * unit price and amount. Reads what receipts print:
 * - `Milch 1,5% 1L      1,19 A` (one, with its VAT letter), `Pfand 0,25 A` (a deposit is a line too);
 * - a quantity or weight on the line under the item (`2 x 0,89`, `0,456 kg x 2,99 EUR/kg`) or over it,
 *   with the amount on the item's line, its own line (`  1,78 A`) or the quantity line;
 * - a discount (`Rabatt -0,50`) taken off the item above it.
 * Reading stops at the subtotal or total; tax, payment, change and points lines are never items. A line
 * whose quantity × price does not give its amount keeps the amount (qty 1), which is what the total adds.
 */
export function findItemLines(text: string): ReadLine[] {
  const found: ReadLine[] = []
  const rawLines = text.split(/\r?\n/)
  // A quantity line, or a name, waiting for the line that gives its amount.
  let pendingQty: { qty: number; rate: number; uom: string; description: string; source: string } | null = null
  let pendingText: { description: string; source: string } | null = null
  let last: ReadLine | null = null
  // A quantity line is only attached to the item directly above it.
  let lastIsFresh = false

  const push = (line: ReadLine) => {
    const normalised = agrees(line.qty, line.rate, line.amount) ? line : { ...line, qty: 1, rate: line.amount, uom: '' }
    found.push(normalised)
    last = normalised
    lastIsFresh = true
  }

  for (const raw of rawLines) {
    const source = raw.trim()
    const line = classify(raw)
    if (line.kind === 'end') break
    if (line.kind === 'blank') continue
    const fresh = lastIsFresh
    lastIsFresh = false
    switch (line.kind) {
      case 'skip':
        pendingQty = null
        pendingText = null
        break
      case 'text':
        pendingQty = null
        pendingText = { description: line.description, source }
        break
      case 'discount': {
        const target = last as ReadLine | null
        if (target && fresh && target.amount + line.amount > 0) {
          const amount = Math.round((target.amount + line.amount) * 100) / 100
          const perUnit = Math.round((amount / target.qty) * 100) / 100
          const keepsQty = agrees(target.qty, perUnit, amount)
          found[found.length - 1] = {
            ...target,
            amount,
            qty: keepsQty ? target.qty : 1,
            rate: keepsQty ? perUnit : amount,
            uom: keepsQty ? target.uom : '',
            source: `${target.source} / ${source}`,
          }
          last = found.at(-1)!
        }
        pendingQty = null
        pendingText = null
        break
      }
      case 'qty': {
        const description = line.description || pendingText?.description || ''
        const sources = [pendingText && !line.description ? pendingText.source : null, source].filter(Boolean).join(' / ')
        pendingText = null
        const target = last as ReadLine | null
        // Under an item whose amount it explains: that item's quantity and unit price.
        if (!description && target && fresh && target.qty === 1 && agrees(line.qty, line.rate, target.amount)) {
          found[found.length - 1] = { ...target, qty: line.qty, rate: line.rate, uom: line.uom, source: `${target.source} / ${source}` }
          last = found.at(-1)!
          pendingQty = null
          break
        }
        if (line.amount !== null && (description || agrees(line.qty, line.rate, line.amount))) {
          push({ description, qty: line.qty, rate: line.rate, amount: line.amount, uom: line.uom, source: sources })
          pendingQty = null
          break
        }
        pendingQty = { qty: line.qty, rate: line.rate, uom: line.uom, description, source: sources }
        break
      }
      case 'amount':
        if (pendingQty) {
          push({ ...pendingQty, amount: line.amount, source: `${pendingQty.source} / ${source}` })
        } else if (pendingText && letters(pendingText.description) > digits(pendingText.description)) {
          push({
            description: pendingText.description,
            qty: 1,
            rate: line.amount,
            amount: line.amount,
            uom: '',
            source: `${pendingText.source} / ${source}`,
          })
        }
        pendingQty = null
        pendingText = null
        break
      case 'item': {
        // A quantity line over the item ("2 x 0,89" then "Milch 1,78"): the item's quantity when it agrees.
        const qty = pendingQty && agrees(pendingQty.qty, pendingQty.rate, line.amount) ? pendingQty : null
        push({
          description: line.description,
          qty: qty?.qty ?? line.qty,
          rate: qty?.rate ?? line.rate,
          amount: line.amount,
          uom: qty?.uom ?? '',
          source: qty ? `${qty.source} / ${source}` : source,
        })
        pendingQty = null
        pendingText = null
        break
      }
    }
  }
  return found
}

/** The sum of the lines' amounts, in cents-exact arithmetic. */
export function sumOfLines(lines: readonly ReadLine[]): number {
  return lines.reduce((sum, line) => sum + cents(line.amount), 0) / 100
}

/** A line the clerk accepted from the `Read lines` dialog, as the draft takes it. */
export interface AcceptedLine {
  description: string
  qty: number
  rate: number
  uom: string
}

/**
 * The line to add for a read line after the clerk's edits of its quantity and amount: the price as read
 * when neither changed, otherwise the amount divided by the quantity (in cents when that is exact, else to
 * four places, so qty × rate still gives the amount). Null when either is not a positive number.
 */
export function acceptLine(read: ReadLine, qty: number | null, amount: number | null): AcceptedLine | null {
  if (qty === null || amount === null || !(qty > 0) || !(amount > 0)) return null
  if (qty === read.qty && cents(amount) === cents(read.amount))
    return { description: read.description, qty, rate: read.rate, uom: read.uom }
  const inCents = Math.round((amount / qty) * 100) / 100
  const rate = agrees(qty, inCents, amount) ? inCents : Math.round((amount / qty) * 10_000) / 10_000
  // An edited quantity of a weighed item is still a weight; a count of 1 with the amount is just one piece.
  return { description: read.description, qty, rate, uom: qty === read.qty ? read.uom : '' }
}
