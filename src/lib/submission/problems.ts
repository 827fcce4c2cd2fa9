import { t } from '@/locales/i18n'
import type { HeaderField, InvoiceItemInput, SubmissionProblem, SubmissionStep } from './types'

/** The parts of `src/api/errors.ts`'s FrappeError (and its network error) the engine relies on. */
interface ApiErrorLike {
  message?: unknown
  name?: unknown
  retryable?: unknown
  httpStatus?: unknown
  retryAfter?: unknown
  messages?: unknown
  excType?: unknown
  existing?: unknown
}

export interface ClassifiedError {
  retryable: boolean
  retryAfter: number | null
  message: string
  status?: number
  excType?: string
  existing?: string
}

/**
 * Decides whether an API failure is worth retrying. Errors from `src/api/` say so themselves
 * (`retryable`); otherwise a network failure (fetch's TypeError), a timeout, a 408/429, a 5xx or a 503 is,
 * and any other 4xx is not.
 */
export function classifyError(error: unknown): ClassifiedError {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ApiErrorLike
  const status = typeof e.httpStatus === 'number' ? e.httpStatus : undefined
  const messages = Array.isArray(e.messages) ? e.messages.filter((m): m is string => typeof m === 'string' && m !== '') : []
  const message = messages.join(' ') || (typeof e.message === 'string' && e.message) || t('submission.noAnswer')
  let retryable: boolean
  if (typeof e.retryable === 'boolean') retryable = e.retryable
  else if (status !== undefined) retryable = status >= 500 || status === 408 || status === 429
  else retryable = error instanceof TypeError || e.name === 'TimeoutError' || e.name === 'NetworkError'
  return {
    retryable,
    retryAfter: typeof e.retryAfter === 'number' ? e.retryAfter : null,
    message,
    status,
    excType: typeof e.excType === 'string' ? e.excType : undefined,
    existing: typeof e.existing === 'string' ? e.existing : undefined,
  }
}

const FIELD_PATTERNS: Array<[HeaderField, RegExp]> = [
  ['bill_date', /bill[ _]?date/i],
  ['posting_date', /posting[ _]?date/i],
  ['bill_no', /bill[ _]?no/i],
  ['currency', /currency/i],
  ['supplier', /supplier/i],
]

/**
 * Turns a refusal into a problem pinned where the clerk can fix it: a duplicate on Bill No, a date
 * message on its date, an unknown item on the line (within the batch sent) whose code the message names,
 * an upload failure on its page.
 */
export function locateProblem(error: ClassifiedError, step: SubmissionStep, items: readonly InvoiceItemInput[]): SubmissionProblem {
  const problem: SubmissionProblem = {
    message: error.message,
    retryable: error.retryable,
    status: error.status,
    excType: error.excType,
  }
  if (error.existing) problem.existing = error.existing
  if (step.kind === 'upload') return { ...problem, pageId: step.pageId }
  if (error.excType === 'DuplicateEntryError') return { ...problem, field: 'bill_no' }
  const lineIndex = lineNamedIn(error.message, items, step.from - 1, step.to)
  if (lineIndex !== null) return { ...problem, lineIndex }
  const field = FIELD_PATTERNS.find(([, pattern]) => pattern.test(error.message))?.[0]
  return field ? { ...problem, field } : problem
}

/** The line in [start, end) whose item code the message names; the longest code wins ("A-10" over "A-1"). */
function lineNamedIn(message: string, items: readonly InvoiceItemInput[], start: number, end: number): number | null {
  let best: number | null = null
  let bestLength = 0
  for (let i = start; i < end && i < items.length; i++) {
    const code = items[i]?.item_code ?? ''
    if (code.length > bestLength && mentions(message, code)) {
      best = i
      bestLength = code.length
    }
  }
  return best
}

function mentions(message: string, code: string): boolean {
  const escaped = code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[^\\w-])${escaped}($|[^\\w-])`).test(message)
}
