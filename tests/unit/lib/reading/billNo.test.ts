import { describe, expect, it } from 'vitest'
import { findBillNo } from '@/lib/reading/billNo'

describe('findBillNo', () => {
  it('reads the number after its label in German, English and French', () => {
    expect(findBillNo('Rechnungs-Nr. 2020-117')?.value).toBe('2020-117')
    expect(findBillNo('Rechnungsnummer: RE4711')?.value).toBe('RE4711')
    expect(findBillNo('Invoice No: INV-9')?.value).toBe('INV-9')
    expect(findBillNo('Facture n° F2020/12')?.value).toBe('F2020/12')
    expect(findBillNo('Bon Nr.:3226')?.value).toBe('3226')
  })

  it('prefers the shop’s Bon number to the card slip’s Beleg-Nr.', () => {
    expect(findBillNo('Beleg-Nr. 4952\nBon-Nr. 1234')?.value).toBe('1234')
    expect(findBillNo('Beleg-Nr. 4952')).toMatchObject({ value: '4952', confidence: 0.8 })
  })

  it('reads the column under a header row', () => {
    const found = findBillNo('Datum Zeit BonNr BedNr KasNr\n02.05.2020 16:39 3619 242424 5')
    expect(found?.value).toBe('3619')
  })

  it('skips terminal, tax and phone numbers and labels with nothing after them', () => {
    expect(findBillNo('Terminal-ID: 65220902\nTA-Nr 133813\nUST-ID-NR: DE814689550\nTel. 05254 97620')).toBeNull()
    expect(findBillNo('Invoice\nThank you')).toBeNull()
  })
})
