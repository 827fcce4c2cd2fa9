import { describe, expect, it } from 'vitest'
import { chooseTotal } from '@/lib/reading/total'

const receipt = (...lines: string[]) => lines.join('\n')

describe('chooseTotal', () => {
  it('is sure when the total line and the card payment agree', () => {
    const total = chooseTotal(receipt('Brot 2,49', 'Milch 1,19', 'SUMME EUR 3,68', 'Kreditkarte EUR 3,68'))
    expect(total).toMatchObject({ value: 3.68, confidence: 0.95, source: 'SUMME EUR 3,68' })
  })

  it('uses cash minus change as evidence, and never takes the cash given or the change for the total', () => {
    const total = chooseTotal(receipt('zu zahlen 7,16', 'Bar 10,00', 'Rückgeld -2,84'))
    expect(total).toMatchObject({ value: 7.16, confidence: 0.95 })
  })

  it('reads keywords with OCR errors (edit distance 1–2) in English, German and French', () => {
    expect(chooseTotal(receipt('Sunme 3,00', 'EC-Karte 3,00'))?.value).toBe(3)
    expect(chooseTotal(receipt('Tatal 12.50', 'VISA 12.50'))?.value).toBe(12.5)
    expect(chooseTotal(receipt('Montant TTC 45,00', 'CB 45,00'))?.value).toBe(45)
    expect(chooseTotal(receipt('Amount due 1,125.00', 'Card 1,125.00'))?.value).toBe(1125)
    expect(chooseTotal(receipt('Net à payer 18,40', 'Espèces 20,00', 'Rendu 1,60'))?.value).toBe(18.4)
  })

  it('prefers the paid total over subtotals, tax lines, points and change', () => {
    const total = chooseTotal(
      receipt(
        'Zwischensumme 10,00',
        'Rabatt -1,00',
        'Gesamtbetrag 9,00',
        'MwSt 19% 1,44',
        'Netto 7,56',
        'auf den Umsatz von: 8,00 EUR',
        'girocard 9,00',
      ),
    )
    expect(total).toMatchObject({ value: 9, confidence: 0.95 })
  })

  it('takes the gross column of a tax table totals row', () => {
    expect(chooseTotal(receipt('Summe 0,47 6,69 7,16', 'zu zahlen 7,16'))).toMatchObject({ value: 7.16, confidence: 0.95 })
  })

  it('accepts one exact total line alone, but not a line read with errors alone', () => {
    expect(chooseTotal('Total 19,99')).toMatchObject({ value: 19.99, confidence: 0.85 })
    expect(chooseTotal('Tatal 19,99')!.confidence).toBeLessThan(0.7)
  })

  it('is unsure when the evidence disagrees (a misread total): better empty than wrong', () => {
    const total = chooseTotal(receipt('ZU ZAHLEN EURO 24,73', 'BARGELD 40,00', 'ZURUCK 15,77'))
    expect(total!.confidence).toBeLessThan(0.7)
  })

  it('finds nothing on a page without money or without a total', () => {
    expect(chooseTotal('Dear customer,\nthank you.')).toBeNull()
    expect(chooseTotal('Bar 20,00')).toBeNull()
  })
})

describe('chooseTotal with the VAT table as evidence', () => {
  it('is sure when the VAT rows add up to the total line, even where the card line was misread', () => {
    const text = receipt(
      'SUMME EUR 36,20',
      'Mastercard EUR 6,20',
      'MwSt NETTO MwSt UMSATZ',
      'B 7% 27,45 1,92 29,37',
      'C 19% 5,74 1,09 6,83',
      'auf den Umsatz von: 19,06 EUR',
    )
    expect(chooseTotal(text)).toMatchObject({ value: 36.2, confidence: 0.95, source: 'SUMME EUR 36,20' })
  })

  it('outweighs cash minus change read with a wrong digit', () => {
    const text = receipt(
      'ZU ZAHLEN EURO 24,23',
      'BARGELD 40,00',
      'ZURÜCK 5,77',
      'MWST Netto MWST-BETRAG BRUTTO',
      'C 7,00% 17,33 1,21 18,54',
      'D 19,00% 4,78 0,91 5,69',
    )
    expect(chooseTotal(text)).toMatchObject({ value: 24.23, confidence: 0.95 })
  })

  it('counts a VAT row whose net the OCR misread, so the table still backs the total line', () => {
    const text = receipt('ZU ZAHLEN EURO 24,23', 'BARGELD 40,00', 'ZURÜCK 5,77', 'C 7,00% 17.09 1:21 18,54', 'D 19,00% 4,78 0,91 5,69')
    expect(chooseTotal(text)).toMatchObject({ value: 24.23, confidence: 0.95 })
  })

  it('never fills the total from the VAT table alone (a row lost to the OCR would make it short)', () => {
    expect(chooseTotal(receipt('B 7% 27,45 1,92 29,37', 'C 19% 5,74 1,09 6,83'))).toBeNull()
  })

  it('stays unsure when a misread row breaks the table and the card line disagrees', () => {
    const text = receipt('SUMME EUR 26,42', 'MasterCard EUR 26,92', 'V 19,0% 1,94 7,55 8,99', 'E 7,0% 1,14 16,29 17,93')
    expect(chooseTotal(text)!.confidence).toBeLessThan(0.7)
  })
})

describe('chooseTotal with OCR-mangled decimal marks', () => {
  it('reads a semicolon as the decimal comma, and takes cash minus change as the second piece of evidence', () => {
    const text = receipt('Total €1;95', 'Bar €2,00', 'Rückseld (Bar) 0,05', 'Must Total 1,64 0,31 1:95')
    expect(chooseTotal(text)).toMatchObject({ value: 1.95, confidence: 0.95 })
  })
})

describe('chooseTotal against a card payment', () => {
  it('doubts one total line when the card paid another amount, but not when cash given was more', () => {
    expect(chooseTotal(receipt('SUMME EUR 48,77', 'Mastercard 48,71'))!.confidence).toBeLessThan(0.7)
    expect(chooseTotal(receipt('SUMME EUR 48,77', 'Bar 50,00'))).toMatchObject({ value: 48.77, confidence: 0.85 })
  })
})
