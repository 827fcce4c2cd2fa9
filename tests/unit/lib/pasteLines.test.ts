import { describe, expect, it } from 'vitest'
import { parseDecimal, parsePastedLines } from '@/lib/pasteLines'

const simple = (text: string) =>
  parsePastedLines(text).lines.map(({ item_code, qty, rate, uom, problems }) => ({ item_code, qty, rate, uom, problems }))

describe('parsePastedLines', () => {
  it('reads tab-separated rows as a spreadsheet copies them', () => {
    const result = parsePastedLines('BOLT-M8\t10\t0.25\tNos\r\nNUT-M8\t12\t0.1\r\n')
    expect(result.separator).toBe('\t')
    expect(simple('BOLT-M8\t10\t0.25\tNos\r\nNUT-M8\t12\t0.1\r\n')).toEqual([
      { item_code: 'BOLT-M8', qty: 10, rate: 0.25, uom: 'Nos', problems: [] },
      { item_code: 'NUT-M8', qty: 12, rate: 0.1, uom: '', problems: [] },
    ])
  })

  it('reads comma-separated rows and quoted fields with commas, quotes and line breaks inside', () => {
    const text = 'A-1,2,3.5\n"B,2",1,"1,234.50"\n"C ""big""",4,2,"Box\nof 10"'
    const lines = parsePastedLines(text).lines
    expect(lines.map((l) => [l.item_code, l.qty, l.rate, l.uom])).toEqual([
      ['A-1', 2, 3.5, ''],
      ['B,2', 1, 1234.5, ''],
      ['C "big"', 4, 2, 'Box\nof 10'],
    ])
    expect(lines.every((l) => l.problems.length === 0)).toBe(true)
  })

  it('reads decimal commas when cells are separated by tabs or semicolons', () => {
    expect(simple('A\t1,5\t2,25')).toEqual([{ item_code: 'A', qty: 1.5, rate: 2.25, uom: '', problems: [] }])
    const semi = parsePastedLines('A;1,5;1.234,50\nB;2;0,99')
    expect(semi.separator).toBe(';')
    expect(semi.decimalMark).toBe(',')
    expect(semi.lines.map((l) => [l.qty, l.rate])).toEqual([
      [1.5, 1234.5],
      [2, 0.99],
    ])
  })

  it('reads thousands separators: commas, spaces, no-break spaces and apostrophes', () => {
    expect(simple("A\t1\t1,234.50\nB\t2\t1 234\nC\t3\t12\u00a0500.5\nD\t1\t1'000").map((l) => l.rate)).toEqual([
      1234.5, 1234, 12500.5, 1000,
    ])
  })

  it('skips blank rows but keeps row numbers pointing at the pasted text', () => {
    const lines = parsePastedLines('A\t1\t1\n\n   \n\t\t\nB\t2\t2\n').lines
    expect(lines.map((l) => [l.item_code, l.row])).toEqual([
      ['A', 1],
      ['B', 5],
    ])
  })

  it('skips a header row of column titles', () => {
    const result = parsePastedLines('Item Code\tQty\tRate\tUOM\nA\t1\t2\tNos')
    expect(result.headerSkipped).toBe(true)
    expect(result.lines.map((l) => l.item_code)).toEqual(['A'])
  })

  it('keeps a first row that is data, even with bad numbers', () => {
    const result = parsePastedLines('A\tten\t2\nB\t1\t2')
    expect(result.headerSkipped).toBe(false)
    expect(result.lines).toHaveLength(2)
  })

  it('flags bad rows with a reason instead of dropping them', () => {
    const lines = simple('A\tten\t2\nB\t1\nC\t0\t5\nD\t1\t-2\n\t1\t1\nE\t1,2,3\t4')
    expect(lines.map((l) => l.problems)).toEqual([
      ['Qty "ten" is not a number'],
      ['Expected item code, qty and rate'],
      ['Qty must be more than 0'],
      ['Rate cannot be negative'],
      ['Item code is missing'],
      ['Qty "1,2,3" is not a number'],
    ])
    expect(lines[0]?.qty).toBeNull()
    expect(lines[0]?.rate).toBe(2)
  })

  it('turns hundreds of rows into lines at once', () => {
    const text = Array.from({ length: 500 }, (_, i) => `ITEM-${i}\t${i + 1}\t1.5`).join('\n')
    const lines = parsePastedLines(text).lines
    expect(lines).toHaveLength(500)
    expect(lines[499]).toMatchObject({ item_code: 'ITEM-499', qty: 500, rate: 1.5, row: 500 })
  })
})

describe('parseDecimal', () => {
  it('reads numbers with the given decimal mark and refuses anything else', () => {
    expect(parseDecimal('12.5')).toBe(12.5)
    expect(parseDecimal('-3')).toBe(-3)
    expect(parseDecimal('.5')).toBe(0.5)
    expect(parseDecimal('1,5', ',')).toBe(1.5)
    expect(parseDecimal('1.234.567,8', ',')).toBe(1234567.8)
    expect(parseDecimal('1,5')).toBeNull()
    expect(parseDecimal('12,34.5')).toBeNull()
    expect(parseDecimal('1e5')).toBeNull()
    expect(parseDecimal('')).toBeNull()
    expect(parseDecimal('-')).toBeNull()
    expect(parseDecimal('abc')).toBeNull()
  })
})
