import { describe, expect, it } from 'vitest'
import { prepareSubmission } from '@/lib/submission/prepare'

const base = { newClientRequestId: () => 'fresh-id', batchSize: 50, items: 120, pageIds: ['p1', 'p2'], now: 1000 }

describe('prepareSubmission', () => {
  it('fixes a new client_request_id and the batch size on the first submit', () => {
    const state = prepareSubmission({ ...base, previous: null })
    expect(state).toMatchObject({
      clientRequestId: 'fresh-id',
      batchSize: 50,
      expectedItems: 120,
      pageIds: ['p1', 'p2'],
      invoice: null,
      phase: 'sending',
    })
  })

  it('keeps the id, the invoice, its batch size and what was acknowledged on a retry', () => {
    const first = prepareSubmission({ ...base, previous: null })
    const stopped = {
      ...first,
      invoice: 'ACC-PINV-1',
      ackedBatches: [0, 1],
      uploadedPages: [],
      phase: 'failed' as const,
      lastError: { message: 'x', retryable: false },
    }
    const again = prepareSubmission({
      ...base,
      previous: stopped,
      newClientRequestId: () => 'other',
      batchSize: 20,
      items: 120,
      pageIds: ['p1', 'p2', 'p3'],
    })
    expect(again).toMatchObject({
      clientRequestId: 'fresh-id',
      invoice: 'ACC-PINV-1',
      batchSize: 50,
      ackedBatches: [0, 1],
      pageIds: ['p1', 'p2', 'p3'],
      phase: 'sending',
      lastError: null,
    })
  })

  it('takes the line count and batch size afresh while no invoice exists yet', () => {
    const first = prepareSubmission({ ...base, previous: null })
    const again = prepareSubmission({ ...base, previous: { ...first, phase: 'failed' }, batchSize: 25, items: 121 })
    expect(again).toMatchObject({ clientRequestId: 'fresh-id', batchSize: 25, expectedItems: 121 })
  })
})
