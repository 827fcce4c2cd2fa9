import { describe, expect, it } from 'vitest'
import { effectiveBatchSize, MAX_BATCH_SIZE } from '@/lib/submission/batchSize'
import { pauseReason } from '@/lib/submission/pause'
import { prepareSubmission } from '@/lib/submission/prepare'
import { submissionResult } from '@/lib/submission/result'
import { DRAFT_HEADER } from './fakeBackend'

const header = DRAFT_HEADER

describe('pauseReason', () => {
  const fine = { online: true, sessionOffline: false, canCapture: true, memoryRefusal: null }
  it('lets sending go on when online, signed in and memory is fine', () => {
    expect(pauseReason(fine)).toBeNull()
  })
  it('waits while offline or until an offline sign-in is confirmed', () => {
    expect(pauseReason({ ...fine, online: false })).toBe('Offline: sending resumes when the network is back.')
    expect(pauseReason({ ...fine, sessionOffline: true })).toBe('Offline: sending resumes when the network is back.')
  })
  it('waits while memory is critical, with the memory store’s reason', () => {
    expect(pauseReason({ ...fine, canCapture: false, memoryRefusal: 'Memory is nearly full (1.9 GB of 2 GB).' })).toBe(
      'Paused: Memory is nearly full (1.9 GB of 2 GB). Sending resumes when memory recovers.',
    )
    expect(pauseReason({ ...fine, canCapture: false })).toBe('Paused: memory is nearly full. Sending resumes when memory recovers.')
  })
})

describe('effectiveBatchSize', () => {
  it('takes the configured size, at most what the server accepts in one call', () => {
    expect(effectiveBatchSize(50, 50)).toBe(50)
    expect(effectiveBatchSize(120.7, 50)).toBe(120)
    expect(effectiveBatchSize(10_000, 50)).toBe(MAX_BATCH_SIZE)
  })
  it('falls back for a nonsense setting', () => {
    expect(effectiveBatchSize(0, 50)).toBe(50)
    expect(effectiveBatchSize(-3, 50)).toBe(50)
    expect(effectiveBatchSize(Number.NaN, 50)).toBe(50)
  })
})

describe('submissionResult', () => {
  it('shows the invoice, its total, the supplier’s name and what was sent', () => {
    const state = {
      ...prepareSubmission({ previous: null, newClientRequestId: () => 'r', batchSize: 50, items: 120, pageIds: ['p1', 'p2'], now: 1 }),
      invoice: 'ACC-PINV-2026-00001',
      uploadedPages: ['p1', 'p2'],
    }
    expect(submissionResult('d1', header, state)).toEqual({
      draftId: 'd1',
      invoice: 'ACC-PINV-2026-00001',
      grandTotal: 0,
      currency: 'EUR',
      supplierName: 'Acme',
      billNo: 'B-1',
      lines: 120,
      pages: 2,
    })
    expect(submissionResult('d1', { ...header, supplier_name: '' }, state).supplierName).toBe('SUP-1')
  })

  it('counts the pages the server stored: two pages of one image are one File', () => {
    const state = {
      ...prepareSubmission({ previous: null, newClientRequestId: () => 'r', batchSize: 50, items: 1, pageIds: ['p1', 'p2', 'p3'], now: 1 }),
      invoice: 'ACC-PINV-2026-00001',
      uploadedPages: ['p1', 'p2', 'p3'],
      storedFiles: ['file-1', 'file-2', 'file-1'],
    }
    expect(submissionResult('d1', header, state).pages).toBe(2)
  })
})
