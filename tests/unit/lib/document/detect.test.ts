import { describe, expect, it } from 'vitest'
import { detectDocument } from '@/lib/document/detect'
import { cornerError, scaleQuad, type Quad } from '@/lib/document/geometry'
import { toGrey } from '@/lib/document/raster'
import { deskTexture, drawInPerspective, loadFixture } from './fixtures'

const SLOW = 60_000

describe('detectDocument on a receipt photographed in perspective on a desk', () => {
  const cases: { name: string; page: string; corners: Quad }[] = [
    {
      name: 'tilted and foreshortened',
      page: 'receipts/hornbach_23092016_03_15200.jpg',
      corners: [
        { x: 420, y: 90 },
        { x: 690, y: 130 },
        { x: 760, y: 1080 },
        { x: 330, y: 1050 },
      ],
    },
    {
      name: 'leaning the other way, smaller in the frame',
      page: 'receipts/lidl_02032020_02_00716.jpg',
      corners: [
        { x: 250, y: 300 },
        { x: 640, y: 240 },
        { x: 700, y: 760 },
        { x: 300, y: 800 },
      ],
    },
  ]

  it.each(cases)(
    'finds the corners within 2 % of the diagonal when $name',
    ({ page, corners }) => {
      const photo = drawInPerspective(deskTexture(900, 1200, 7), loadFixture(page), corners)
      const found = detectDocument(toGrey(photo))
      expect(found.kind).toBe('found')
      if (found.kind !== 'found') return
      const error = cornerError(scaleQuad(found.corners, photo.width, photo.height), corners)
      expect(error).toBeLessThanOrEqual(0.02 * Math.hypot(photo.width, photo.height))
    },
    SLOW,
  )
})

describe('detectDocument on photos without a document to crop', () => {
  it('finds no sheet on a bare desk, so the photo stays whole', () => {
    expect(detectDocument(toGrey(deskTexture(600, 800, 3))).kind).not.toBe('found')
  })

  it('does not crop a blank white page', () => {
    const blank = { width: 400, height: 560, data: new Uint8ClampedArray(400 * 560 * 4).fill(250) }
    expect(detectDocument(toGrey(blank)).kind).not.toBe('found')
  })

  it('says none for an image too small to look at', () => {
    const tiny = { width: 8, height: 8, data: new Uint8ClampedArray(8 * 8 * 4).fill(200) }
    expect(detectDocument(toGrey(tiny))).toEqual({ kind: 'none', confidence: 0 })
  })
})
