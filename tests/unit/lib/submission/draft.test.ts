import { describe, expect, it } from 'vitest'
import { parseTypedNumber, toInvoiceItems, validateDraft, type DraftLine } from '@/lib/submission/draft'

const header = { supplier: 'SUP-1', bill_no: 'B-1', bill_date: '2026-11-01', posting_date: '2026-11-28', currency: 'EUR' }
const line = (over: Partial<DraftLine> = {}): DraftLine => ({
  id: 'l1',
  item_code: 'A',
  item_name: '',
  qty: '2',
  rate: '1.5',
  uom: 'Nos',
  ...over,
})

describe('validateDraft', () => {
  it('accepts a complete draft', () => {
    expect(validateDraft(header, [line()]).ok).toBe(true)
  })

  it('names each missing or wrong header field', () => {
    const v = validateDraft({ supplier: ' ', bill_no: '', bill_date: '', posting_date: '2026-13-40', currency: 'euro' }, [line()])
    expect(v.ok).toBe(false)
    expect(v.fields).toEqual({
      supplier: 'Choose a supplier',
      bill_no: 'Enter the Bill No from the invoice',
      bill_date: 'Enter the Bill Date',
      posting_date: 'Posting Date must be a date',
      currency: 'Currency is a three-letter code like EUR',
    })
    expect(validateDraft({ ...header, bill_date: '2026-12-01' }, [line()]).fields.bill_date).toBe(
      'Bill Date cannot be after the Posting Date',
    )
  })

  it('wants at least one line, and no more than the backend takes', () => {
    expect(validateDraft(header, []).form).toBe('Add at least one line')
    const many = Array.from({ length: 10_001 }, (_, i) => line({ id: `l${i}` }))
    expect(validateDraft(header, many).form).toBe('An invoice holds at most 10,000 lines; this one has 10001')
    expect(validateDraft({ ...header, bill_no: 'x'.repeat(141) }, [line()]).fields.bill_no).toBe('Bill No is at most 140 characters')
  })

  it('flags lines on the cell that is wrong', () => {
    const lines = [
      line({ id: 'a', qty: '0' }),
      line({ id: 'b', rate: '-1' }),
      line({ id: 'c', item_code: '', qty: 'x' }),
      line({ id: 'd', item_code: 'GHOST' }),
      line({ id: 'e' }),
    ]
    const v = validateDraft(header, lines, (code) => (code === 'GHOST' ? false : undefined))
    expect(v.lines).toEqual({
      a: { qty: 'Qty must be more than 0' },
      b: { rate: 'Rate cannot be negative' },
      c: { item_code: 'Choose an item', qty: 'Qty "x" is not a number' },
      d: { item_code: 'Unknown item GHOST' },
    })
  })
})

describe('typed numbers and items', () => {
  it('reads a decimal point or a decimal comma', () => {
    expect(parseTypedNumber('1,5')).toBe(1.5)
    expect(parseTypedNumber(' 2.25 ')).toBe(2.25)
    expect(parseTypedNumber('1,234.5')).toBe(1234.5)
    expect(parseTypedNumber('')).toBeNull()
    expect(parseTypedNumber('2x')).toBeNull()
  })

  it('turns typed lines into API items, leaving out an empty UOM', () => {
    expect(toInvoiceItems([line({ qty: '1,5', uom: '' }), line({ item_code: ' B ' })])).toEqual([
      { item_code: 'A', qty: 1.5, rate: 1.5 },
      { item_code: 'B', qty: 2, rate: 1.5, uom: 'Nos' },
    ])
  })
})
