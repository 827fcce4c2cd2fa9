import { describe, expect, it } from 'vitest'
import { parseTaxRow, sumTaxTable } from '@/lib/reading/taxTable'

describe('parseTaxRow', () => {
  it('reads a VAT row whose net and tax add up to the gross, with the columns in either order', () => {
    expect(parseTaxRow('B 7% 27,45 1,92 29,37')).toMatchObject({ rate: 7, gross: 29.37 })
    expect(parseTaxRow('A 7% 0,47 6,69 7,16')).toMatchObject({ rate: 7, gross: 7.16 })
    expect(parseTaxRow('D 19,00% 4,78 0,91 5,69')).toMatchObject({ rate: 19, gross: 5.69 })
    expect(parseTaxRow('TVA 20.0% 50.00 10.00 60.00')).toMatchObject({ rate: 20, gross: 60 })
  })

  it('mends a decimal comma the OCR read as a colon or semicolon inside the row', () => {
    expect(parseTaxRow('B 7% 19,90 1,39 21:29')).toMatchObject({ gross: 21.29 })
  })

  it('refuses a row with a misread digit: the sum or the rate does not fit', () => {
    expect(parseTaxRow('V 19,0% 1,94 7,55 8,99')).toBe(false)
    expect(parseTaxRow('B 7% 27,45 3,92 31,37')).toBe(false)
  })

  it('keeps a row whose net was misread when its tax is exactly the share the rate gives of the gross', () => {
    // The ALDI receipt as Tesseract read it: 17,33 became 17.09; 1,21 is 7 % of 18,54 rounded to the cent.
    expect(parseTaxRow('C 7,00% 17.09 1:21 18,54')).toMatchObject({ rate: 7, gross: 18.54 })
    // A misread gross seldom keeps that: 19 % of 6,88 is 1,10, not 1,09.
    expect(parseTaxRow('C 19% 5,74 1,09 6,88')).toBe(false)
    expect(parseTaxRow('C 7,00% 17.09 1:21 18,64')).toBe(false)
  })

  it('refuses a row with a lost column, and ignores items and tax notes with one amount', () => {
    expect(parseTaxRow('C 19% 5,74 6,83')).toBe(false)
    expect(parseTaxRow('ECHTER RUM 40%VOL. 5,69 D')).toBeNull()
    expect(parseTaxRow('incl. 19,00% Mwst (b) 6,23')).toBeNull()
    expect(parseTaxRow('SUMME EUR 36,20')).toBeNull()
  })
})

describe('sumTaxTable', () => {
  const table = ['MwSt NETTO MwSt UMSATZ', 'B 7% 27,45 1,92 29,37', 'C 19% 5,74 1,09 6,83']

  it('adds up the gross column of every row', () => {
    expect(sumTaxTable(table)).toMatchObject({ gross: 36.2 })
  })

  it('says nothing when one row does not add up, or is printed twice with other amounts', () => {
    expect(sumTaxTable([...table.slice(0, 2), 'C 19% 5,74 1,09 6,88'])).toBeNull()
    expect(sumTaxTable([...table, 'B 7% 27,45 1,92 29,37'])).toMatchObject({ gross: 36.2 })
    expect(sumTaxTable([...table, 'B 7% 26,45 1,85 28,30'])).toBeNull()
  })

  it('finds nothing on a page without a VAT table', () => {
    expect(sumTaxTable(['SUMME EUR 36,20', 'Mastercard EUR 36,20'])).toBeNull()
  })
})
