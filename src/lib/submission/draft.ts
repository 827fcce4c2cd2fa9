import { detectDecimalMark, parseDecimal } from '@/lib/pasteLines'
import type { HeaderField, InvoiceItemInput, SubmissionHeader } from './types'

/** The header as typed, plus the supplier's display name so the combobox can show it after a reload. */
export interface DraftHeader extends SubmissionHeader {
  supplier_name: string
}

/** One line as typed: numbers stay text until sent, so "1,5" survives a reload exactly as the clerk wrote it. */
export interface DraftLine {
  id: string
  item_code: string
  item_name: string
  qty: string
  rate: string
  uom: string
  /** Why the paste that made this row could not read it, until the clerk edits the row. */
  pasteProblem?: string
}

export type LineField = 'item_code' | 'qty' | 'rate'

/** The backend's limits: lines per invoice, and characters in a text field. */
const MAX_LINES = 10_000
const MAX_TEXT = 140

export interface DraftValidation {
  ok: boolean
  fields: Partial<Record<HeaderField, string>>
  /** Problems by line id, by column. */
  lines: Record<string, Partial<Record<LineField, string>>>
  /** A problem with the draft as a whole ("Add at least one line"). */
  form: string | null
}

/** Reads a typed number, accepting either a decimal point or a decimal comma ("1,5"). */
export function parseTypedNumber(text: string): number | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  return parseDecimal(trimmed, detectDecimalMark([trimmed]))
}

/**
 * Checks a draft before sending: required header fields, Bill Date not after Posting Date, at least one
 * line, an item on every line (known to the backend when `isKnownItem` says so), qty > 0 and rate ≥ 0.
 * `isKnownItem` answers undefined while it does not know yet, which is not an error.
 */
export function validateDraft(
  header: SubmissionHeader,
  lines: readonly DraftLine[],
  isKnownItem: (code: string) => boolean | undefined = () => undefined,
): DraftValidation {
  const fields: DraftValidation['fields'] = {}
  if (!header.supplier.trim()) fields.supplier = 'Choose a supplier'
  if (!header.bill_no.trim()) fields.bill_no = 'Enter the Bill No from the invoice'
  else if (header.bill_no.trim().length > MAX_TEXT) fields.bill_no = `Bill No is at most ${MAX_TEXT} characters`
  if (!header.bill_date) fields.bill_date = 'Enter the Bill Date'
  else if (!isIsoDate(header.bill_date)) fields.bill_date = 'Bill Date must be a date'
  if (header.posting_date && !isIsoDate(header.posting_date)) fields.posting_date = 'Posting Date must be a date'
  else if (header.posting_date && isIsoDate(header.bill_date) && header.bill_date > header.posting_date) {
    fields.bill_date = 'Bill Date cannot be after the Posting Date'
  }
  if (header.currency && !/^[A-Z]{3}$/.test(header.currency)) fields.currency = 'Currency is a three-letter code like EUR'
  if (header.document_total?.trim() && !((parseTypedNumber(header.document_total) ?? -1) >= 0))
    fields.document_total = 'Document total is an amount like 24.23'

  const problems: DraftValidation['lines'] = {}
  for (const line of lines) {
    const p: Partial<Record<LineField, string>> = {}
    const code = line.item_code.trim()
    if (!code) p.item_code = 'Choose an item'
    else if (code.length > MAX_TEXT) p.item_code = `Item code is at most ${MAX_TEXT} characters`
    else if (isKnownItem(code) === false) p.item_code = `Unknown item ${code}`
    const qty = parseTypedNumber(line.qty)
    if (qty === null) p.qty = line.qty.trim() ? `Qty "${line.qty}" is not a number` : 'Enter a qty'
    else if (qty <= 0) p.qty = 'Qty must be more than 0'
    const rate = parseTypedNumber(line.rate)
    if (rate === null) p.rate = line.rate.trim() ? `Rate "${line.rate}" is not a number` : 'Enter a rate'
    else if (rate < 0) p.rate = 'Rate cannot be negative'
    if (Object.keys(p).length) problems[line.id] = p
  }
  const form =
    lines.length === 0
      ? 'Add at least one line'
      : lines.length > MAX_LINES
        ? `An invoice holds at most ${MAX_LINES.toLocaleString('en')} lines; this one has ${lines.length}`
        : null
  return { ok: !form && !Object.keys(fields).length && !Object.keys(problems).length, fields, lines: problems, form }
}

/** The lines as the API wants them. Call after {@link validateDraft} said ok. */
export function toInvoiceItems(lines: readonly DraftLine[]): InvoiceItemInput[] {
  return lines.map((line) => {
    const item: InvoiceItemInput = {
      item_code: line.item_code.trim(),
      qty: parseTypedNumber(line.qty) ?? 0,
      rate: parseTypedNumber(line.rate) ?? 0,
    }
    if (line.uom.trim()) item.uom = line.uom.trim()
    return item
  })
}

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const d = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text)
}
