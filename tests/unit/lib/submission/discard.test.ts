import { describe, expect, it } from 'vitest'
import { DiscardError, takeBackFromServer } from '@/lib/submission/discard'
import { prepareSubmission } from '@/lib/submission/prepare'
import type { SubmissionState } from '@/lib/submission/types'
import { FakeApiError, FakeBackend, makeItems, networkError } from './fakeBackend'

const header = { supplier: 'SUP-1', bill_no: 'B-1', bill_date: '2026-11-02', posting_date: '2026-11-28', currency: 'EUR' }

/** A submission of `items` lines whose first `sent` lines the server has, as the runner would have saved it. */
async function partlySent(backend: FakeBackend, items: number, sent: number, { recordName = true } = {}): Promise<SubmissionState> {
  const state = prepareSubmission({ previous: null, newClientRequestId: () => 'req-1', batchSize: 50, items, pageIds: [], now: 1 })
  const progress = await backend.createPurchaseInvoice({
    client_request_id: 'req-1',
    ...header,
    expected_items: items,
    items: makeItems(sent),
  })
  return {
    ...state,
    invoice: recordName ? progress.name : null,
    progress: recordName ? progress : null,
    ackedBatches: [0],
    phase: 'failed',
  }
}

describe('takeBackFromServer', () => {
  it('does nothing for a draft never sent', async () => {
    const backend = new FakeBackend()
    expect(await takeBackFromServer(null, backend)).toEqual({ removedFromServer: null, keptOnServer: null })
    expect(backend.calls).toEqual([])
  })

  it('deletes a partly sent invoice on the server', async () => {
    const backend = new FakeBackend()
    const state = await partlySent(backend, 60, 50)
    expect(await takeBackFromServer(state, backend)).toEqual({ removedFromServer: 'ACC-PINV-2026-00001', keptOnServer: null })
    expect(backend.invoices).toEqual([])
  })

  it('finds an invoice whose create answer was lost by its request id, and deletes it', async () => {
    const backend = new FakeBackend()
    const state = await partlySent(backend, 60, 50, { recordName: false })
    expect(await takeBackFromServer(state, backend)).toEqual({ removedFromServer: 'ACC-PINV-2026-00001', keptOnServer: null })
    expect(backend.invoices).toEqual([])
  })

  it('keeps an invoice that has all its lines, and counts one already gone as removed', async () => {
    const backend = new FakeBackend()
    const complete = await partlySent(backend, 3, 3)
    expect(await takeBackFromServer(complete, backend)).toEqual({ removedFromServer: null, keptOnServer: 'ACC-PINV-2026-00001' })
    expect(backend.invoices).toHaveLength(1)

    const gone = { ...complete, progress: null, invoice: 'ACC-PINV-2026-00099' }
    expect(await takeBackFromServer(gone, backend)).toEqual({ removedFromServer: 'ACC-PINV-2026-00099', keptOnServer: null })
  })

  it('keeps it when its last lines landed meanwhile (the delete is refused and the server says Complete)', async () => {
    const backend = new FakeBackend()
    const state = await partlySent(backend, 60, 50)
    await backend.appendInvoiceItems({ invoice: 'ACC-PINV-2026-00001', batch_index: 1, items: makeItems(60).slice(50) })
    expect(await takeBackFromServer(state, backend)).toEqual({ removedFromServer: null, keptOnServer: 'ACC-PINV-2026-00001' })
  })

  it('refuses with a DiscardError, saying why, when the server cannot be asked or refuses the delete', async () => {
    const backend = new FakeBackend()
    const lost = await partlySent(backend, 60, 50, { recordName: false })
    backend.findInvoiceByClientRequestId = async () => Promise.reject(networkError())
    const unchecked = takeBackFromServer(lost, backend)
    await expect(unchecked).rejects.toThrow(DiscardError)
    await expect(unchecked).rejects.toThrow(
      'Not discarded: the server may hold part of this invoice, and it could not be checked. Failed to fetch',
    )

    const named = { ...lost, invoice: 'ACC-PINV-2026-00001' }
    backend.fail('delete', () => new FakeApiError(417, 'LinkExistsError', 'Cannot delete: linked with Payment Entry PE-1'))
    await expect(takeBackFromServer(named, backend)).rejects.toThrow(
      'Not discarded: ACC-PINV-2026-00001 holds part of this invoice on the server and could not be removed. Cannot delete: linked with Payment Entry PE-1',
    )
    expect(backend.invoices).toHaveLength(1)
  })
})
