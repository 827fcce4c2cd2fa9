import { describe, expect, it } from 'vitest'
import { acceptLine, findItemLines, sumOfLines } from '@/lib/reading/lines'
import { ALDI_ITEM_LINES } from './aldiReceipt'

const receipt = (...lines: string[]) => lines.join('\n')
const brief = (text: string) =>
  findItemLines(text).map(({ description, qty, rate, amount, uom }) => ({ description, qty, rate, amount, uom }))

describe('findItemLines', () => {
  it('reads a German discounter receipt: VAT letters, a quantity line under the item, a deposit, up to the total', () => {
    const text = receipt(
      'ALDI SÜD',
      'Filiale 1234 Musterstraße 5',
      '12345 Musterstadt',
      '                         EUR',
      ...ALDI_ITEM_LINES,
      'MwSt A 7% Netto 3,21 MwSt 0,22 Brutto 3,43',
      '02.03.2020 19:02 Kasse 3 Bon 2423',
    )
    expect(brief(text)).toEqual([
      { description: 'Milch 1,5% 1L', qty: 1, rate: 1.19, amount: 1.19, uom: '' },
      { description: 'Mineralwasser 1,5L', qty: 2, rate: 0.19, amount: 0.38, uom: '' },
      { description: 'Pfand', qty: 1, rate: 0.5, amount: 0.5, uom: '' },
      { description: 'Bananen', qty: 0.456, rate: 2.99, amount: 1.36, uom: 'kg' },
    ])
    expect(sumOfLines(findItemLines(text))).toBe(3.43)
  })

  it('reads the quantity line with the amount on a line of its own, and a name over a quantity line with its amount', () => {
    const text = receipt('Joghurt Natur', '  2 x 0,89', '                1,78 A', 'Butter', '  3 x 1,99      5,97 A', 'SUMME EUR 7,75')
    expect(brief(text)).toEqual([
      { description: 'Joghurt Natur', qty: 2, rate: 0.89, amount: 1.78, uom: '' },
      { description: 'Butter', qty: 3, rate: 1.99, amount: 5.97, uom: '' },
    ])
  })

  it('reads a quantity line over the item (as some tills print it)', () => {
    expect(brief(receipt('2 Stk x 1,29', 'Apfelsaft 1L  2,58 B', 'Gesamt 2,58'))).toEqual([
      { description: 'Apfelsaft 1L', qty: 2, rate: 1.29, amount: 2.58, uom: '' },
    ])
  })

  it('takes a discount off the item above it', () => {
    const lines = findItemLines(receipt('Kaffee Crema 500g   5,99 A', 'Rabatt             -1,00', 'Tee grün   2,49 A', 'zu zahlen 7,48'))
    expect(lines.map((l) => [l.description, l.qty, l.rate, l.amount])).toEqual([
      ['Kaffee Crema 500g', 1, 4.99, 4.99],
      ['Tee grün', 1, 2.49, 2.49],
    ])
    expect(lines[0]!.source).toBe('Kaffee Crema 500g   5,99 A / Rabatt             -1,00')
    expect(sumOfLines(lines)).toBe(7.48)
  })

  it('keeps a discount printed with a trailing minus, and one on a quantity line keeps the quantity when it divides', () => {
    const lines = brief(receipt('Chips 2 x 1,50 3,00', 'Preisvorteil 1,00-', 'Total 2,00'))
    expect(lines).toEqual([{ description: 'Chips', qty: 2, rate: 1, amount: 2, uom: '' }])
  })

  it('reads an English receipt: unit price and amount on one line, point decimals, tax and card lines skipped', () => {
    const text = receipt(
      'CORNER SHOP LTD',
      'VAT Reg 123 4567 89',
      '2 Coffee beans 250g  4.50  9.00',
      'Oat milk 1L          1.85 A',
      'Subtotal            10.85',
      'VAT 20%              1.81',
      'TOTAL               10.85',
      'VISA               10.85',
    )
    expect(brief(text)).toEqual([
      { description: 'Coffee beans 250g', qty: 2, rate: 4.5, amount: 9, uom: '' },
      { description: 'Oat milk 1L', qty: 1, rate: 1.85, amount: 1.85, uom: '' },
    ])
  })

  it('never takes totals, tax, payment, change or points for items, even without a total line', () => {
    const text = receipt('Brot 2,49', 'MwSt 7% 0,16', 'EC-Karte 2,49', 'Bar 5,00', 'Rückgeld 2,51', 'PAYBACK Punkte 1,00', 'Netto 2,33')
    expect(brief(text).map((l) => l.description)).toEqual(['Brot'])
  })

  it('keeps the printed amount (qty 1) when quantity × price does not give it, as an OCR slip would', () => {
    const lines = brief(receipt('Eier 10er   2,49 A', '  2 x 1,42', 'Summe 2,49'))
    expect(lines).toEqual([{ description: 'Eier 10er', qty: 1, rate: 2.49, amount: 2.49, uom: '' }])
  })

  it('reads dates as dates, not as amounts, and OCR keyword slips as the end of the items', () => {
    const lines = brief(receipt('Datum 12.05.20 10:31', 'Seife 1,45 B', 'Sumne 1,45'))
    expect(lines.map((l) => l.description)).toEqual(['Seife'])
  })

  it('reads a DIY store receipt: a unit word in the quantity line over the item, article numbers and phone lines ignored', () => {
    const text = receipt(
      'HORNBACH Baumarkt AG',
      'Tel. 05254 / 97620',
      'ART/EAN 4002245701618',
      '2 Rolle x 4,85',
      'PARKETTZUBEHÖR 9,70 1',
      'ART/EAN 4002245706880',
      '5 Pack x 18,50',
      'Bodenunterlage SELIT 92,50 1',
      'SUMME [3] EUR 102,20',
    )
    expect(brief(text)).toEqual([
      { description: 'PARKETTZUBEHÖR', qty: 2, rate: 4.85, amount: 9.7, uom: '' },
      { description: 'Bodenunterlage SELIT', qty: 5, rate: 18.5, amount: 92.5, uom: '' },
    ])
  })

  it('reads price × count before the amount (as Lidl prints it), and a name over a price on its own line', () => {
    expect(brief(receipt('Emmentaler Stück 2,59 x 2 5,18 A', 'zu zahlen 5,18'))).toEqual([
      { description: 'Emmentaler Stück', qty: 2, rate: 2.59, amount: 5.18, uom: '' },
    ])
    expect(brief(receipt('APPLE LIGHTNING KABEL', '39,00', 'Total EUR 39,00'))).toEqual([
      { description: 'APPLE LIGHTNING KABEL', qty: 1, rate: 39, amount: 39, uom: '' },
    ])
    // A phone number is no item name for the price under it.
    expect(brief(receipt('TEL.: 05251 6913-0 FAX: -129', '2121161 | 39,00'))).toEqual([])
  })

  it('skips opening hours, and stops at a total whose amount OCR spoilt', () => {
    const text = receipt('MO.-SA. 9.00 Uhr - 20.00 Uhr', 'FILMIS Uhr/Thermom 9,99 0', 'Total €1;95', 'MwSt Total 1,64 0,31 1,95')
    expect(brief(text).map((l) => l.description)).toEqual(['FILMIS Uhr/Thermom'])
  })

  it('reads a price whose VAT code OCR ran into it at the end of the line', () => {
    expect(brief(receipt('TH.HENRY TONIC WAT 1,595 C', 'PFAND 0,2540', 'SUMME 1,84'))).toEqual([
      { description: 'TH.HENRY TONIC WAT', qty: 1, rate: 1.59, amount: 1.59, uom: '' },
      { description: 'PFAND', qty: 1, rate: 0.25, amount: 0.25, uom: '' },
    ])
  })

  it('finds nothing on a page without items', () => {
    expect(findItemLines('')).toEqual([])
    expect(findItemLines(receipt('Dear customer,', 'thank you for your visit.'))).toEqual([])
    expect(findItemLines(receipt('Gesamtbetrag 12,00', 'Bar 20,00'))).toEqual([])
  })
})

describe('acceptLine', () => {
  const bananas = findItemLines('Bananen 1,36 A\n  0,456 kg x 2,99 EUR/kg')[0]!

  it('keeps the price as read when the clerk changed nothing', () => {
    expect(acceptLine(bananas, 0.456, 1.36)).toEqual({ description: 'Bananen', qty: 0.456, rate: 2.99, uom: 'kg' })
  })

  it('divides an edited amount by the quantity, in cents when exact, else so that qty × rate gives the amount', () => {
    expect(acceptLine(bananas, 2, 3)).toEqual({ description: 'Bananen', qty: 2, rate: 1.5, uom: '' })
    expect(acceptLine(bananas, 3, 1)).toEqual({ description: 'Bananen', qty: 3, rate: 0.3333, uom: '' })
  })

  it('refuses a quantity or amount that is missing, zero or negative', () => {
    expect(acceptLine(bananas, null, 1)).toBeNull()
    expect(acceptLine(bananas, 1, 0)).toBeNull()
    expect(acceptLine(bananas, -1, 1)).toBeNull()
  })
})
