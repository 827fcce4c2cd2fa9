import { parseTypedNumber } from '@/lib/submission/draft'
import type { ReadValue } from './types'
import { t } from '@/locales/i18n'

/** Header fields the reader may fill. */
export type PrefillField = 'bill_date' | 'document_total' | 'bill_no' | 'supplier'

/** Below this confidence a read value leaves its field empty: better empty than wrong. */
export const PREFILL_THRESHOLD = 0.7

export interface PrefillInput {
  /** The field values as they are now. */
  current: Readonly<Record<PrefillField, string>>
  /** What the page gave, as text for the field (a yyyy-mm-dd date, "24.23", a supplier's name). */
  read: Readonly<Partial<Record<PrefillField, ReadValue | null>>>
  /** Fields the clerk typed in or cleared, and fields already filled from the page: never filled again. */
  locked: ReadonlySet<PrefillField>
  threshold?: number
}

/** The changes to make, and for each filled field the page text it came from. */
export interface PrefillPlan {
  patch: Partial<Record<PrefillField, string>>
  sources: Partial<Record<PrefillField, string>>
}

/**
 * Decides which read values go into the header: only into a field that is empty, that the clerk has not
 * typed in or cleared, that was not filled from the page before, and only at or above the threshold.
 */
export function planPrefill({ current, read, locked, threshold = PREFILL_THRESHOLD }: PrefillInput): PrefillPlan {
  const plan: PrefillPlan = { patch: {}, sources: {} }
  for (const field of Object.keys(read) as PrefillField[]) {
    const value = read[field]
    if (!value || value.confidence < threshold || !value.value.trim()) continue
    if (locked.has(field) || current[field].trim() !== '') continue
    plan.patch[field] = value.value
    plan.sources[field] = value.source
  }
  return plan
}

/**
 * The note under `Document total` when it differs from the sum of the lines (never blocking the send), or
 * null when they agree, when either is missing, or while the total is not a number.
 */
export function documentTotalNote(documentTotal: string, linesTotal: number, lineCount: number): string | null {
  const total = parseTypedNumber(documentTotal)
  if (total === null || lineCount === 0) return null
  const difference = Math.round((total - linesTotal) * 100) / 100
  if (difference === 0) return null
  const figures = { lines: linesTotal.toFixed(2), difference: Math.abs(difference).toFixed(2) }
  return t(difference > 0 ? 'reading.linesLess' : 'reading.linesMore', figures)
}
