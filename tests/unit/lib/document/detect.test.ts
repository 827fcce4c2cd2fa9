import { describe, expect, it } from 'vitest'
import { detectDocument } from '@/lib/document/detect'
import { cornerError, flatSize, scaleQuad, type Quad } from '@/lib/document/geometry'
import { toGrey } from '@/lib/document/raster'
import { deskTexture, drawInPerspective, loadFixture, truth } from './fixtures'

// Decoding a 9 MP scan in pure JS takes a few seconds on a shared machine.
const SLOW = 60_000

/** The page's height over width as the app would make it: the flattened document, or the whole photo. */
function pageAspect(path: string): { aspect: number; kind: string } {
  const image = loadFixture(path)
  const found = detectDocument(toGrey(image))
  if (found.kind !== 'found') return { aspect: image.height / image.width, kind: found.kind }
  const size = flatSize(scaleQuad(found.corners, image.width, image.height))
  return { aspect: size.height / size.width, kind: found.kind }
}

describe('detectDocument on the receipt scans', () => {
  const uncropped = Object.entries(truth).filter(([, t]) => t.uncropped)
  const cropped = Object.entries(truth).filter(([, t]) => !t.uncropped)

  it.each(uncropped)('crops %s to the paper’s proportions (±10 %)', (path, t) => {
    const { aspect, kind } = pageAspect(path)
    expect(kind).toBe('found')
    expect(Math.abs(aspect / t.paper_aspect_h_over_w! - 1)).toBeLessThanOrEqual(0.1)
  }, SLOW)

  it.each(cropped)('leaves the already cropped %s whole (±3 %)', (path) => {
    const image = loadFixture(path)
    const { aspect, kind } = pageAspect(path)
    expect(kind).not.toBe('found')
    expect(Math.abs(aspect / (image.height / image.width) - 1)).toBeLessThanOrEqual(0.03)
  }, SLOW)
})

describe('detectDocument on a receipt photographed in perspective on a desk', () => {
  const cases: { name: string; page: string; corners: Quad }[] = [
    {
      name: 'tilted and foreshortened',
      page: 'receipts/hornbach_23092016_03_15200.jpg',
      corners: [{ x: 420, y: 90 }, { x: 690, y: 130 }, { x: 760, y: 1080 }, { x: 330, y: 1050 }],
    },
    {
      name: 'leaning the other way, smaller in the frame',
      page: 'receipts/lidl_02032020_02_00716.jpg',
      corners: [{ x: 250, y: 300 }, { x: 640, y: 240 }, { x: 700, y: 760 }, { x: 300, y: 800 }],
    },
  ]

  it.each(cases)('finds the corners within 2 % of the diagonal when $name', ({ page, corners }) => {
    const photo = drawInPerspective(deskTexture(900, 1200, 7), loadFixture(page), corners)
    const found = detectDocument(toGrey(photo))
    expect(found.kind).toBe('found')
    if (found.kind !== 'found') return
    const error = cornerError(scaleQuad(found.corners, photo.width, photo.height), corners)
    expect(error).toBeLessThanOrEqual(0.02 * Math.hypot(photo.width, photo.height))
  }, SLOW)
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
