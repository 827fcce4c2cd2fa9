import { classifyError } from './problems'
import type { SubmissionState } from './types'
import { t } from '@/locales/i18n'

/** What discarding a draft did on the server, for the Outbox to tell the clerk. */
export interface DiscardOutcome {
  /** The partly sent invoice taken back from the server (or found gone already). */
  removedFromServer: string | null
  /** An invoice that has all its lines on the server, so it stays there. */
  keptOnServer: string | null
}

/** A discard refused because the server still holds part of the invoice; nothing was thrown away. */
export class DiscardError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DiscardError'
  }
}

/** The calls taking an invoice back makes; the real one is `src/api/invoices.ts`, tests pass a fake backend. */
export interface DiscardApi {
  findInvoiceByClientRequestId(clientRequestId: string): Promise<{ name: string } | null>
  getPurchaseInvoice(name: string): Promise<{ scan_status?: string }>
  deletePurchaseInvoice(name: string): Promise<void>
}

const NOTHING: DiscardOutcome = { removedFromServer: null, keptOnServer: null }

/**
 * Takes a partly sent invoice back from the server before its draft is thrown away, so no half invoice is
 * left in ERPNext. An invoice with all its lines stays (it is the server's now); one already gone counts as
 * removed. Throws a DiscardError when the server may still hold part of it and it could not be removed.
 */
export async function takeBackFromServer(state: SubmissionState | null, api: DiscardApi): Promise<DiscardOutcome> {
  if (!state) return NOTHING
  let invoice = state.invoice
  try {
    // A create whose answer never came back may still have made the invoice: ask for it by request id.
    invoice ??= (await api.findInvoiceByClientRequestId(state.clientRequestId))?.name ?? null
  } catch (caught) {
    throw new DiscardError(t('outbox.uncheckable', { reason: classifyError(caught).message }))
  }
  if (!invoice) return NOTHING
  if (state.progress?.scan_status === 'Complete') return { removedFromServer: null, keptOnServer: invoice }
  try {
    await api.deletePurchaseInvoice(invoice)
  } catch (caught) {
    const error = classifyError(caught)
    // Gone already (another tab discarded it).
    if (error.status === 404 && error.excType === 'DoesNotExistError') return { removedFromServer: invoice, keptOnServer: null }
    // Refused because its last lines landed meanwhile: then it is the server's now. Any other refusal stops here.
    if (error.status === 417 && (await isCompleteOnServer(invoice, api))) return { removedFromServer: null, keptOnServer: invoice }
    throw new DiscardError(t('outbox.notRemoved', { invoice, reason: error.message }))
  }
  return { removedFromServer: invoice, keptOnServer: null }
}

async function isCompleteOnServer(invoice: string, api: DiscardApi): Promise<boolean> {
  try {
    return (await api.getPurchaseInvoice(invoice)).scan_status === 'Complete'
  } catch {
    return false
  }
}
