import { detectDecimalMark, parseDecimal } from '@/lib/pasteLines'
import type { HeaderField, InvoiceItemInput, SubmissionHeader } from './types'
import { t } from '@/locales/i18n'

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
  if (!header.supplier.trim()) fields.supplier = t('validation.supplier')
  if (!header.bill_no.trim()) fields.bill_no = t('validation.billNo')
  else if (header.bill_no.trim().length > MAX_TEXT) fields.bill_no = t('validation.billNoLong', { max: MAX_TEXT })
  if (!header.bill_date) fields.bill_date = t('validation.billDate')
  else if (!isIsoDate(header.bill_date)) fields.bill_date = t('validation.billDateDate')
  if (header.posting_date && !isIsoDate(header.posting_date)) fields.posting_date = t('validation.postingDate')
  else if (header.posting_date && isIsoDate(header.bill_date) && header.bill_date > header.posting_date) {
    fields.bill_date = t('validation.billAfterPosting')
  }
  if (header.currency && !/^[A-Z]{3}$/.test(header.currency)) fields.currency = t('validation.currency')
  if (header.document_total?.trim() && !((parseTypedNumber(header.document_total) ?? -1) >= 0))
    fields.document_total = t('validation.documentTotal')

  const problems: DraftValidation['lines'] = {}
  for (const line of lines) {
    const p: Partial<Record<LineField, string>> = {}
    const code = line.item_code.trim()
    if (!code) p.item_code = t('validation.item')
    else if (code.length > MAX_TEXT) p.item_code = t('validation.itemLong', { max: MAX_TEXT })
    else if (isKnownItem(code) === false) p.item_code = t('validation.unknownItem', { code })
    const qty = parseTypedNumber(line.qty)
    if (qty === null) p.qty = line.qty.trim() ? t('validation.qtyNumber', { value: line.qty }) : t('validation.qty')
    else if (qty <= 0) p.qty = t('validation.qtyPositive')
    const rate = parseTypedNumber(line.rate)
    if (rate === null) p.rate = line.rate.trim() ? t('validation.rateNumber', { value: line.rate }) : t('validation.rate')
    else if (rate < 0) p.rate = t('validation.rateNegative')
    if (Object.keys(p).length) problems[line.id] = p
  }
  const form =
    lines.length === 0
      ? t('validation.noLines')
      : lines.length > MAX_LINES
        ? t('validation.tooManyLines', { max: MAX_LINES.toLocaleString('en'), n: lines.length })
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
