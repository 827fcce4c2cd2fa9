import { describe, expect, it } from 'vitest'
import { detectDocument } from '@/lib/document/detect'
import { cornerError, scaleQuad, type Quad } from '@/lib/document/geometry'
import { toGrey, type RgbaImage } from '@/lib/document/raster'
import { deskTexture, drawInPerspective, lightUnevenly, loadFixture } from './fixtures'

// A pale table, a little darker than receipt paper: the hardest desk bench:detect draws.
const LIGHT_DESK = { level: 185, swing: 12, noise: 12 }

const SLOW = 60_000

/** A quad from [x, y] pairs, [tl, tr, br, bl]. */
function quad(...points: [number, number][]): Quad {
  return points.map(([x, y]) => ({ x, y })) as Quad
}

/** Detection on `photo` finds the sheet whose true corners are `corners`, within 2 % of the diagonal. */
function expectFoundAt(photo: RgbaImage, corners: Quad): void {
  const found = detectDocument(toGrey(photo))
  expect(found.kind).toBe('found')
  if (found.kind !== 'found') return
  const error = cornerError(scaleQuad(found.corners, photo.width, photo.height), corners)
  expect(error).toBeLessThanOrEqual(0.02 * Math.hypot(photo.width, photo.height))
}

describe('detectDocument on a receipt photographed in perspective on a desk', () => {
  const cases: { name: string; page: string; corners: Quad }[] = [
    {
      name: 'tilted and foreshortened',
      page: 'receipts/hornbach_23092016_03_15200.jpg',
      corners: quad([420, 90], [690, 130], [760, 1080], [330, 1050]),
    },
    {
      name: 'leaning the other way, smaller in the frame',
      page: 'receipts/lidl_02032020_02_00716.jpg',
      corners: quad([250, 300], [640, 240], [700, 760], [300, 800]),
    },
  ]

  it.each(cases)(
    'finds the corners within 2 % of the diagonal when $name',
    ({ page, corners }) => {
      const photo = drawInPerspective(deskTexture(900, 1200, 7), loadFixture(page), corners)
      expectFoundAt(photo, corners)
    },
    SLOW,
  )
})

describe('detectDocument on a receipt running off the photo past a corner', () => {
  // The photo's edge cuts one corner of the receipt off. Each of these was left whole before: the largest quad
  // in the five-sided region ran a side across the paper, which failed the edge checks.
  const cases: { name: string; page: string; corners: Quad }[] = [
    { name: 'off the top', page: 'receipts/ikea_08102016_12_13439.jpg', corners: quad([445, -49], [743, 56], [377, 1130], [66, 1022]) },
    { name: 'off the left', page: 'receipts/lidl_02032020_02_00716.jpg', corners: quad([91, 103], [776, 213], [661, 1116], [-84, 996]) },
    {
      name: 'off the right',
      page: 'receipts/hornbach_23092016_03_15200.jpg',
      corners: quad([300, 120], [980, 200], [760, 1080], [200, 1050]),
    },
    {
      name: 'off the bottom',
      page: 'receipts/rossmann_27022020_01_00195.jpg',
      corners: quad([145, 239], [410, 136], [827, 1141], [530, 1260]),
    },
  ]

  it.each(cases)(
    'finds all four corners within 2 % of the diagonal, the cut-off one past the edge, when it runs $name',
    ({ page, corners }) => {
      const photo = drawInPerspective(deskTexture(900, 1200, 7), loadFixture(page), corners)
      expectFoundAt(photo, corners)
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

describe('detectDocument on a receipt with print right across it', () => {
  // A logo, a headline or a barcode as wide as the paper cuts its bright area in two; an outline along that
  // band has print, not desk, past it, and cropping there would cut the rest of the receipt off.
  const cases: { name: string; page: string; corners: Quad }[] = [
    {
      name: 'a headline across the lower half (Rossmann)',
      page: 'receipts/rossmann_27022020_01_00195.jpg',
      corners: quad([357, 140], [622, 163], [543, 1060], [278, 1037]),
    },
    {
      name: 'a logo across the top (toom)',
      page: 'receipts/toom_04042020_03_04877.jpg',
      corners: quad([233, 181], [511, 132], [667, 1019], [389, 1068]),
    },
  ]

  it.each(cases)(
    'finds the whole receipt, not the part on one side of the band, with $name',
    ({ page, corners }) => {
      const photo = drawInPerspective(deskTexture(900, 1200, 11), loadFixture(page), corners)
      expectFoundAt(photo, corners)
    },
    SLOW,
  )

  it(
    'finds a receipt on a pale table, whose printed column runs close to its edge',
    () => {
      const corners = quad([239, 277], [511, 219], [661, 923], [389, 981])
      const photo = drawInPerspective(deskTexture(900, 1200, 3, LIGHT_DESK), loadFixture('receipts/aldi_02032020_19_02423.jpg'), corners)
      expectFoundAt(photo, corners)
    },
    SLOW,
  )

  it('never takes the part of a plain sheet on one side of a black band across it for the sheet', () => {
    const [width, height] = [600, 800]
    const photo = deskTexture(width, height, 5)
    const sheet = { left: 150, right: 450, top: 100, bottom: 700 }
    for (let y = sheet.top; y < sheet.bottom; y++) {
      // The band, 30 px high at a third of the way down, runs from edge to edge of the sheet.
      const level = y >= 300 && y < 330 ? 30 : 238
      for (let x = sheet.left; x < sheet.right; x++) photo.data.set([level, level, level], (y * width + x) * 4)
    }
    const found = detectDocument(toGrey(photo))
    // No outline holds the whole sheet (the band is darker than the desk): the photo stays whole.
    if (found.kind !== 'found') return
    const top = Math.min(...found.corners.map((p) => p.y * height))
    expect(top).toBeLessThan(sheet.top + 16)
  })
})

describe('detectDocument on a receipt on a pale table under uneven light', () => {
  // How much light reaches (x, y) of a 900 × 1200 photo: desk and receipt alike, as a phone sees them.
  const lights = {
    'dimmer towards the top': (_x: number, y: number) => 0.65 + 0.35 * (y / 1200),
    'under a lamp at the top left': (x: number, y: number) => 0.55 + 0.45 * Math.exp(-((x - 150) ** 2 + (y - 200) ** 2) / (2 * 540 ** 2)),
    'under a lamp at the bottom right': (x: number, y: number) =>
      0.55 + 0.45 * Math.exp(-((x - 800) ** 2 + (y - 1100) ** 2) / (2 * 540 ** 2)),
  }
  // With the photo taken as it is, each of these was left whole: the bright end of the table is as light as the
  // dim end of the paper, so no threshold has the receipt's outline.
  const cases = [
    {
      light: 'dimmer towards the top',
      page: 'receipts/hornbach_23092016_03_15200.jpg',
      corners: quad([420, 90], [690, 130], [760, 1080], [330, 1050]),
    },
    {
      light: 'under a lamp at the top left',
      page: 'receipts/hornbach_23092016_03_15200.jpg',
      corners: quad([420, 90], [690, 130], [760, 1080], [330, 1050]),
    },
    {
      light: 'under a lamp at the bottom right',
      page: 'receipts/lidl_02032020_02_00716.jpg',
      corners: quad([250, 300], [640, 240], [700, 760], [300, 800]),
    },
    {
      light: 'dimmer towards the top',
      page: 'receipts/lidl_02032020_02_00716.jpg',
      corners: quad([250, 300], [640, 240], [700, 760], [300, 800]),
    },
  ] as const

  it.each(cases)(
    'finds the corners within 2 % of the diagonal, $light',
    ({ light, page, corners }) => {
      const photo = lightUnevenly(drawInPerspective(deskTexture(900, 1200, 1, LIGHT_DESK), loadFixture(page), corners), lights[light])
      expectFoundAt(photo, corners)
    },
    SLOW,
  )
})
