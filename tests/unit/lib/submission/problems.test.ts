import { describe, expect, it } from 'vitest'
import { classifyError, locateProblem } from '@/lib/submission/problems'
import { FakeApiError } from './fakeBackend'

describe('classifyError', () => {
  it('retries network failures, timeouts, 5xx and 503 and stops on other 4xx', () => {
    expect(classifyError(new TypeError('Failed to fetch')).retryable).toBe(true)
    expect(classifyError(Object.assign(new Error('timed out'), { name: 'TimeoutError' })).retryable).toBe(true)
    expect(classifyError({ httpStatus: 500, messages: ['boom'] })).toMatchObject({ retryable: true, message: 'boom', status: 500 })
    expect(classifyError(new FakeApiError(503, 'MemoryPressureError', 'busy', 12))).toMatchObject({ retryable: true, retryAfter: 12 })
    expect(classifyError({ httpStatus: 417, messages: ['Item X not found'] }).retryable).toBe(false)
    expect(classifyError(new Error('bug')).retryable).toBe(false)
  })

  it('trusts the API error’s own retryable flag', () => {
    expect(classifyError({ httpStatus: 500, retryable: false }).retryable).toBe(false)
    expect(classifyError({ retryable: true, message: 'offline' })).toMatchObject({ retryable: true, message: 'offline' })
  })
})

describe('locateProblem', () => {
  const items = [
    { item_code: 'A-1', qty: 1, rate: 1 },
    { item_code: 'A-10', qty: 1, rate: 1 },
    { item_code: 'B', qty: 1, rate: 1 },
  ]
  const batch = { kind: 'append' as const, batch: 1, from: 2, to: 3 }

  it('finds the line whose item code the message names, within the batch sent', () => {
    expect(locateProblem(classifyError({ httpStatus: 417, messages: ['Item A-10 not found'] }), batch, items).lineIndex).toBe(1)
    expect(locateProblem(classifyError({ httpStatus: 417, messages: ["Could not find Item: 'B'"] }), batch, items).lineIndex).toBe(2)
    // A-1 is in batch 0, not the one that failed.
    expect(locateProblem(classifyError({ httpStatus: 417, messages: ['Item A-1 not found'] }), batch, items).lineIndex).toBeUndefined()
  })

  it('pins header messages to their field and uploads to their page', () => {
    const create = { kind: 'create' as const, batch: 0 as const, from: 1, to: 3 }
    expect(locateProblem(classifyError({ httpStatus: 417, messages: ['Posting Date is not valid'] }), create, items).field).toBe(
      'posting_date',
    )
    expect(locateProblem(classifyError({ httpStatus: 417, messages: ['Supplier X does not exist'] }), create, items).field).toBe('supplier')
    expect(
      locateProblem(classifyError(new FakeApiError(409, 'DuplicateEntryError', 'dup', null, 'ACC-PINV-1')), create, items),
    ).toMatchObject({
      field: 'bill_no',
      existing: 'ACC-PINV-1',
    })
    expect(
      locateProblem(classifyError({ httpStatus: 413, messages: ['Too big'] }), { kind: 'upload', pageId: 'p2', pageNumber: 2 }, items)
        .pageId,
    ).toBe('p2')
  })
})
