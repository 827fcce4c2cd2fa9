import { describe, expect, it } from 'vitest'
import { chooseBillDate, readFields } from '@/lib/reading/readFields'

describe('chooseBillDate', () => {
  it('takes the one date on the page', () => {
    expect(chooseBillDate('Kasse 3\n18.05.20 09:55\nDanke', '2026-01-01')).toMatchObject({ value: '2020-05-18', confidence: 0.9 })
  })

  it('prefers the labelled or time-stamped date to one in the small print', () => {
    const text = 'Petition vom 28.01.2020\n27.02.2020 15:56 Kasse 02'
    expect(chooseBillDate(text, '2026-01-01')).toMatchObject({ value: '2020-02-27', confidence: 0.8 })
  })

  it('is unsure between two equal dates and ignores dates in the future', () => {
    expect(chooseBillDate('01.02.2020\n03.04.2020', '2026-01-01')!.confidence).toBeLessThan(0.7)
    expect(chooseBillDate('Gültig bis 01.01.2030', '2026-01-01')).toBeNull()
  })
})

describe('readFields', () => {
  it('reads date, total and number from one receipt text', () => {
    const text = ['Bon-Nr. 815', 'Brot 2,49', 'SUMME EUR 2,49', 'girocard 2,49', 'Datum 12.05.2020 10:01'].join('\n')
    const fields = readFields(text, '2026-01-01')
    expect(fields.bill_date?.value).toBe('2020-05-12')
    expect(fields.document_total?.value).toBe(2.49)
    expect(fields.bill_no?.value).toBe('815')
  })

  it('reads nothing from a blank page', () => {
    expect(readFields('', '2026-01-01')).toEqual({ bill_date: null, document_total: null, bill_no: null })
  })
})
