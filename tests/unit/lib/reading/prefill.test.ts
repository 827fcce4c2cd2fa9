import { describe, expect, it } from 'vitest'
import { documentTotalNote, planPrefill, type PrefillField } from '@/lib/reading/prefill'

const empty = { bill_date: '', document_total: '', bill_no: '', supplier: '' }
const read = {
  bill_date: { value: '2020-05-18', confidence: 0.9, source: 'Datum 18.05.2020' },
  document_total: { value: '24.23', confidence: 0.95, source: 'SUMME EUR 24,23' },
  bill_no: { value: '815', confidence: 0.6, source: 'Bon Nr 815' },
}
const none = new Set<PrefillField>()

describe('planPrefill', () => {
  it('fills empty fields at or above the threshold, with the page text each came from', () => {
    expect(planPrefill({ current: empty, read, locked: none })).toEqual({
      patch: { bill_date: '2020-05-18', document_total: '24.23' },
      sources: { bill_date: 'Datum 18.05.2020', document_total: 'SUMME EUR 24,23' },
    })
  })

  it('never overwrites what the clerk typed', () => {
    expect(planPrefill({ current: { ...empty, bill_date: '2020-05-17' }, read, locked: none }).patch).toEqual({ document_total: '24.23' })
  })

  it('leaves a field the clerk cleared (or that was filled before) empty', () => {
    expect(planPrefill({ current: empty, read, locked: new Set<PrefillField>(['document_total']) }).patch).toEqual({
      bill_date: '2020-05-18',
    })
  })

  it('follows the threshold it is given', () => {
    expect(planPrefill({ current: empty, read, locked: none, threshold: 0.5 }).patch.bill_no).toBe('815')
    expect(planPrefill({ current: empty, read, locked: none, threshold: 0.99 }).patch).toEqual({})
  })
})

describe('documentTotalNote', () => {
  it('says how far the lines are from the document total', () => {
    expect(documentTotalNote('24,23', 20, 2)).toBe('The lines add up to 20.00, 4.23 less than the document total.')
    expect(documentTotalNote('10.00', 12.5, 1)).toBe('The lines add up to 12.50, 2.50 more than the document total.')
  })

  it('says nothing when they agree, without lines, or without a total', () => {
    expect(documentTotalNote('24.23', 24.23, 3)).toBeNull()
    expect(documentTotalNote('24.23', 0, 0)).toBeNull()
    expect(documentTotalNote('', 5, 1)).toBeNull()
    expect(documentTotalNote('abc', 5, 1)).toBeNull()
  })
})
