import { describe, expect, it } from 'vitest'
import { matchSupplier } from '@/lib/reading/supplier'

const suppliers = [
  { name: 'SUP-0001', supplier_name: 'HORNBACH Baumarkt AG' },
  { name: 'SUP-0002', supplier_name: 'Lidl Dienstleistung GmbH & Co. KG' },
  { name: 'Media Markt' },
  { name: 'toom Baumarkt GmbH' },
]

describe('matchSupplier', () => {
  it('chooses a supplier whose whole name is on a top line', () => {
    expect(matchSupplier('Es gibt immer was zu tun.\nHORNBACH Baumarkt AG\nFiliale 547', suppliers)).toMatchObject({
      supplier: { name: 'SUP-0001' },
      confident: true,
      source: 'HORNBACH Baumarkt AG',
    })
  })

  it('tolerates an OCR split or missing space', () => {
    expect(matchSupplier('toom Baumar kt GmbH', suppliers)).toMatchObject({ supplier: { name: 'toom Baumarkt GmbH' }, confident: true })
    expect(matchSupplier('MEDIAMARKT PADERBORN', suppliers)).toMatchObject({ supplier: { name: 'Media Markt' }, confident: true })
  })

  it('only suggests when the name is partly read', () => {
    const match = matchSupplier('LDL\nWarburger Straße 130', [{ name: 'Lidl' }])
    expect(match).toMatchObject({ supplier: { name: 'Lidl' }, confident: false })
  })

  it('only suggests when two suppliers match equally well', () => {
    expect(matchSupplier('Baumarkt GmbH', [{ name: 'Alpha Baumarkt' }, { name: 'Beta Baumarkt' }])?.confident).toBe(false)
  })

  it('finds nothing when no supplier is near, or the list is empty', () => {
    expect(matchSupplier('Cafe Central\nHauptstr. 1', suppliers)).toBeNull()
    expect(matchSupplier('HORNBACH', [])).toBeNull()
  })
})
