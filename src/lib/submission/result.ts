import type { DraftHeader } from './draft'
import type { SubmissionState } from './types'

/** What the success view shows once the server has the whole invoice. */
export interface SubmissionResult {
  draftId: string
  invoice: string
  grandTotal: number
  currency: string
  supplierName: string
  billNo: string
  lines: number
  pages: number
}

/** The success view's figures for a draft whose submission completed. */
export function submissionResult(draftId: string, header: DraftHeader, state: SubmissionState): SubmissionResult {
  return {
    draftId,
    invoice: state.invoice ?? '',
    grandTotal: state.progress?.grand_total ?? 0,
    currency: header.currency,
    supplierName: header.supplier_name || header.supplier,
    billNo: header.bill_no,
    lines: state.expectedItems,
    // What the server stored: one File per distinct image (it merges the same bytes), none for a deleted page.
    pages: state.storedFiles ? new Set(state.storedFiles).size : state.uploadedPages.length,
  }
}
