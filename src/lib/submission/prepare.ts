import type { SubmissionState } from './types'

export interface PrepareSubmissionOptions {
  /** The draft's saved submission, if an earlier one stopped or paused. */
  previous: SubmissionState | null
  newClientRequestId: () => string
  batchSize: number
  items: number
  /** The draft's pages now, in order. */
  pageIds: readonly string[]
  now: number
}

/**
 * The state to run when the clerk presses Submit invoice (or Retry). A first submit fixes a new
 * client_request_id and the batch size. A later one keeps the id, so a create whose answer was lost is
 * answered with the same invoice; until the invoice exists, lines may have changed, so the count and the
 * batch size are taken afresh. Pages added or removed since are taken as they are now.
 */
export function prepareSubmission(options: PrepareSubmissionOptions): SubmissionState {
  const { previous, now } = options
  if (!previous) {
    return {
      clientRequestId: options.newClientRequestId(),
      startedAt: now,
      updated: now,
      batchSize: options.batchSize,
      expectedItems: options.items,
      pageIds: [...options.pageIds],
      invoice: null,
      ackedBatches: [],
      batchFingerprints: {},
      uploadedPages: [],
      progress: null,
      phase: 'sending',
      lastError: null,
    }
  }
  const notCreatedYet = previous.invoice === null
  return {
    ...previous,
    updated: now,
    batchSize: notCreatedYet ? options.batchSize : previous.batchSize,
    expectedItems: notCreatedYet ? options.items : previous.expectedItems,
    ackedBatches: notCreatedYet ? [] : previous.ackedBatches,
    batchFingerprints: notCreatedYet ? {} : previous.batchFingerprints,
    pageIds: [...options.pageIds],
    phase: 'sending',
    lastError: null,
  }
}
